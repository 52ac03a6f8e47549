package org.homeroom.inquiries.internal;

import org.homeroom.platform.api.casework.CaseRecord;

/** An inquiry: its case plus the identity check done ({@code null}: unverified) and the survey answer (0–10). */
public record Inquiry(CaseRecord inquiry, String identityCheck, Integer survey) {
}
