// Homeroom's start script for Swagger UI (a file, not an inline script: the page's CSP allows only 'self')
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
    validatorUrl: null
  });
});
