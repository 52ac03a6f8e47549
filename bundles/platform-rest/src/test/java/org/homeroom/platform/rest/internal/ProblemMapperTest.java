package org.homeroom.platform.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.Problem;
import org.homeroom.platform.api.ProblemException;
import org.junit.Test;

public class ProblemMapperTest {

    public record Body(String name, Boolean enabled, List<String> languages) {
    }

    private final ObjectMapper mapper = JsonProvider.createMapper();

    private Problem problemFor(String json) {
        try {
            mapper.readValue(json, Body.class);
            fail("expected " + json + " to be refused");
            return null;
        } catch (JsonProcessingException e) {
            return ProblemMapper.toProblem(e, "/api/x");
        }
    }

    @Test
    public void malformedJsonIs400WithItsPosition() {
        Problem p = problemFor("{\"name\": ");
        assertEquals(400, p.status());
        assertEquals("Malformed JSON", p.title());
        assertTrue(p.detail(), p.detail().contains("line 1"));
    }

    @Test
    public void wrongTypesNameTheField() {
        assertEquals(List.of(new FieldError("name", "has the wrong type or format: expected text")), problemFor("{\"name\": 5}").errors());
        assertEquals("enabled", problemFor("{\"enabled\": \"yes\"}").errors().get(0).field());
        assertEquals("languages", problemFor("{\"languages\": \"en\"}").errors().get(0).field());
    }

    @Test
    public void unknownFieldsAreRefused() {
        Problem p = problemFor("{\"colour\": \"red\"}");
        assertEquals(400, p.status());
        assertEquals("colour", p.errors().get(0).field());
    }

    @Test
    public void problemExceptionsKeepStatusAndFields() {
        Problem p = ProblemMapper.toProblem(ProblemException.invalid(List.of(new FieldError("code", "is required"))), null);
        assertEquals(422, p.status());
        assertEquals("code", p.errors().get(0).field());
    }

    @Test
    public void surprisesBecome500WithoutInternals() {
        // (404/405/415 from JAX-RS itself are checked over HTTP in the itests)
        Problem p = ProblemMapper.toProblem(new IllegalStateException("secret internals"), null);
        assertEquals(500, p.status());
        assertTrue(!p.detail().contains("secret"));
    }

    @Test
    public void datesAreIsoText() throws Exception {
        assertEquals("{\"at\":\"2026-11-24T08:00:00Z\"}", mapper.writeValueAsString(Map.of("at", java.time.Instant.parse("2026-11-24T08:00:00Z"))));
    }
}
