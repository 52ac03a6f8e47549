package org.homeroom.messaging.internal;

/**
 * How many SMS segments a text takes (3GPP TS 23.038): GSM-7 when every character is in the GSM default
 * alphabet or its extension table (extension characters count twice), else UCS-2. One segment holds
 * 160 GSM-7 or 70 UCS-2 units; a longer text is split into parts of 153 or 67 (the rest is the header).
 */
final class Segments {

    static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    /** Encoding and segment count of a text. */
    record Count(String encoding, int units, int segments) {
    }

    private Segments() {
    }

    static Count of(String text) {
        int gsmUnits = 0;
        boolean gsm = true;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (GSM_BASIC.indexOf(ch) >= 0) {
                gsmUnits++;
            } else if (GSM_EXTENSION.indexOf(ch) >= 0) {
                gsmUnits += 2;
            } else {
                gsm = false;
                break;
            }
        }
        if (gsm) {
            return new Count("GSM-7", gsmUnits, gsmUnits <= 160 ? (gsmUnits == 0 ? 0 : 1) : (gsmUnits + 152) / 153);
        }
        int units = text.length(); // UTF-16 code units: an emoji takes two
        return new Count("UCS-2", units, units <= 70 ? 1 : (units + 66) / 67);
    }
}
