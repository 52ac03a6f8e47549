package org.homeroom.openrecords.internal;

import java.util.Optional;
import java.util.regex.Pattern;

import org.homeroom.openrecords.api.Redirect;

/**
 * Transcript requests and job questions are not open records requests (they have their own offices).
 * Only short, obvious ones are redirected: a reporter asking for "all job vacancy postings of 2025" is
 * filing a real request, and anyone can confirm and file anyway.
 */
final class Redirects {

    static final int OBVIOUS_LENGTH = 400;
    private static final String OWNER = "\\b(my|mi|mis|our|nuestro|nuestra|son'?s|daughter'?s|child'?s|hijo|hija)\\b";
    private static final String SCHOOL_RECORD = "\\b(transcripts?|diplomas?|report cards?|expediente|certificado de (notas|estudios)|kardex|boleta)\\b";
    /** "my son's transcript" and "el expediente de mi hija": the owner may come before or after. */
    private static final Pattern TRANSCRIPT = Pattern.compile("(?iu)" + OWNER + ".{0,60}" + SCHOOL_RECORD + "|" + SCHOOL_RECORD + ".{0,60}" + OWNER);
    private static final Pattern JOB = Pattern.compile(
            "(?iu)\\b(apply|applying|application|aplicar|solicitar|solicitud|hiring|contratando)\\b.{0,60}"
                    + "\\b(jobs?|positions?|employment|teaching|empleo|puesto|trabajo|vacantes?)\\b"
                    + "|\\b(job|jobs|vacancy|vacancies) (openings?|available|open)\\b|\\bare you hiring\\b|\\bhay vacantes\\b");

    private Redirects() {
    }

    static Optional<Redirect> of(String description) {
        if (description == null || description.length() > OBVIOUS_LENGTH) {
            return Optional.empty();
        }
        if (TRANSCRIPT.matcher(description).find()) {
            return Optional.of(new Redirect("transcript",
                    "Transcripts and diplomas come from the student's school or the district's Student Records office, not through an open records request.",
                    "Las transcripciones y los diplomas se piden a la escuela del estudiante o a la oficina de Expedientes Estudiantiles, no por una solicitud de registros abiertos.",
                    "student-records"));
        }
        if (JOB.matcher(description).find()) {
            return Optional.of(new Redirect("job",
                    "Open positions and job applications are handled by Human Resources on the district's careers page.",
                    "Las vacantes y las solicitudes de empleo las atiende Recursos Humanos en la página de empleos del distrito.",
                    "human-resources"));
        }
        return Optional.empty();
    }
}
