package org.homeroom.platform.openapi.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;

/**
 * What swagger-core's schemas say differently from what Homeroom's JSON writer does, corrected once for
 * the whole document (OpenApiIT validates real answers against the result):
 * <ul>
 * <li>a Java {@code Object} (a map's values, a free-form setting) is any JSON value, not an object;</li>
 * <li>a record's component may be {@code null} unless the schema requires it (Java references can be null,
 * and Jackson writes them).</li>
 * </ul>
 */
final class Schemas {

    private Schemas() {
    }

    static void tidy(OpenAPI api) {
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().values().forEach(schema -> visit(schema, seen));
        }
        if (api.getPaths() != null) {
            api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(parameter -> visit(parameter.getSchema(), seen));
                }
                if (operation.getRequestBody() != null) {
                    visit(operation.getRequestBody().getContent(), seen);
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().values().forEach(response -> visit(response.getContent(), seen));
                }
            }));
        }
    }

    private static void visit(Content content, Set<Schema<?>> seen) {
        if (content != null) {
            content.values().forEach(media -> visit(media.getSchema(), seen));
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void visit(Schema<?> schema, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            properties.forEach((name, property) -> {
                if (property.get$ref() == null && !required.contains(name)) {
                    property.setNullable(true);
                }
                visit(property, seen);
            });
        }
        visit(schema.getItems(), seen);
        if (schema.getAdditionalProperties() instanceof Schema additional) {
            if (isJavaObject(additional)) {
                schema.setAdditionalProperties(true);
            } else {
                visit(additional, seen);
            }
        }
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(s -> visit(s, seen));
        }
        if (schema.getOneOf() != null) {
            schema.getOneOf().forEach(s -> visit(s, seen));
        }
        if (schema.getAnyOf() != null) {
            schema.getAnyOf().forEach(s -> visit(s, seen));
        }
        if (properties != null) {
            properties.replaceAll((name, property) -> isJavaObject(property) ? new Schema<>().nullable(true) : property);
        }
    }

    /** swagger-core's schema for {@code java.lang.Object}: "object" with nothing said about it. */
    private static boolean isJavaObject(Schema<?> schema) {
        return "object".equals(schema.getType()) && schema.get$ref() == null && schema.getProperties() == null
                && schema.getAdditionalProperties() == null && schema.getAllOf() == null && schema.getOneOf() == null
                && schema.getAnyOf() == null;
    }
}
