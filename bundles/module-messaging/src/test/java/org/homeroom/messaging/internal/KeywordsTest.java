package org.homeroom.messaging.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Opt-out and opt-in replies as families type them, and what must not count. */
public class KeywordsTest {

    private static void all(Keywords expected, String... replies) {
        for (String reply : replies) {
            assertEquals("'" + reply + "'", expected, Keywords.of(reply));
        }
    }

    @Test
    public void optOutsAsPeopleTypeThem() {
        all(Keywords.STOP, "STOP", "stop", "Stop", "sToP", "Stop.", " stop ", "\tSTOP\n", "Stop!", "STOP!!!", "\"stop\"", "(stop)", "stop 🛑",
                "🛑 STOP", "Stop…", "stop?", "ＳＴＯＰ", "S.T.O.P.", "stop\u200b", "\u00a0stop\u00a0",
                "QUIT", "quit.", "End", "END.", "revoke", "Revoke!", "CANCEL", "cancel!", "Unsubscribe", "UNSUBSCRIBE.", "stop all", "STOPALL",
                "Opt Out", "opt-out", "OPT-OUT", "optout", "Opt out.", "opt – out", "opt_out",
                "¡Alto!", "¡ALTO!", "alto", "Alto.", "ALTO", "¡alto", "Parar", "PARAR.", "BAJA", "baja", "Baja.", "¡Baja!",
                "Cancelar", "CANCELAR", "cancelar.", "Cancelár", "CÁNCELAR", "dar de baja", "Dar de baja.", "darme de baja", "¿Dar de baja?");
    }

    @Test
    public void optInsAndHelpAsPeopleTypeThem() {
        all(Keywords.START, "START", "start", "Start.", "¡Start!", "UNSTOP", "yes", "Yes!", "Sí", "SÍ", "si", "Si.", "¡Sí!", "alta", "ALTA.");
        all(Keywords.HELP, "HELP", "help?", "Help!", "INFO", "info.", "Ayuda", "¿AYUDA?", "¿ayuda?");
    }

    @Test
    public void aSentenceThatContainsAKeywordIsNotOne() {
        all(Keywords.NONE, null, "", "   ", "!!!", "🛑", "stop by the office tomorrow", "Stop by the office tomorrow.", "please don't stop the bus alerts",
                "STOPPED", "stops", "nonstop", "unstoppable", "the end", "end of day", "cancel my lunch order", "Quit smoking class?",
                "Alto Valley school", "baja california", "sí, voy a ir", "yes we will attend", "Yes, thank you", "stop2", "2stop", "st0p",
                "stop stop", "help me with homework", "¿Para qué es esto?", "start time?", "starting", "info@school.example",
                "x".repeat(200) + " stop");
    }
}
