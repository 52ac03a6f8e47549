-- wrk: durable POSTs (each one a committed transaction with its audit entry)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic YWRtaW46YWRtaW4="
wrk.body = '{"titleEn":"Bench announcement","titleEs":"Anuncio de prueba","bodyEn":"Load test","bodyEs":"Prueba de carga"}'
