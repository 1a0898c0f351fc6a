package io.peerswitch.wire.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.InvalidFieldException;
import org.junit.jupiter.api.Test;

/** Dial patterns for the digit analysis of FIG. 13 step 1306 (Asterisk notation) and route validation. */
class DialPatternTest {

    private static DialPattern p(String text) {
        return DialPattern.parse(text, "pattern");
    }

    @Test
    void literalsClassesAndSets() {
        assertThat(p("112").matches("112")).isTrue();
        assertThat(p("112").matches("1120")).isFalse();
        assertThat(p("1NXXNXXXXXX").matches("12125551234")).isTrue();
        assertThat(p("1NXXNXXXXXX").matches("11125551234")).as("N is 2-9").isFalse();
        assertThat(p("Z9").matches("09")).as("Z is 1-9").isFalse();
        assertThat(p("[1-35]X").matches("37")).isTrue();
        assertThat(p("[1-35]X").matches("47")).isFalse();
        assertThat(p("+49.").matches("+4930123")).isTrue();
        assertThat(p("*9X#").matches("*95#")).isTrue();
    }

    @Test
    void openEnds() {
        assertThat(p("49.").matches("4930")).isTrue();
        assertThat(p("49.").matches("49")).as("'.' needs one more").isFalse();
        assertThat(p("49!").matches("49")).as("'!' takes none").isTrue();
        assertThat(p("!").matches("")).isTrue();
        assertThat(p("49.").open()).isTrue();
        assertThat(p("4930").open()).isFalse();
        assertThat(p("49[0-9]X.").literals()).isEqualTo(2);
    }

    @Test
    void malformedPatternsAreRefusedNamingTheField() {
        for (String bad : new String[] {"", "4?", "49.1", ".", "[", "[]", "[9-1]", "[a]", "49!.", "x".repeat(65)}) {
            assertThatThrownBy(() -> p(bad)).as(bad).isInstanceOf(InvalidFieldException.class).hasMessageContaining("pattern");
        }
    }

    @Test
    void numbersTooLongNeverMatch() {
        assertThat(p("!").matches("1".repeat(DialPattern.MAX_NUMBER + 1))).isFalse();
    }

    @Test
    void routesTranslateNumbersAndValidateThemselves() {
        ExternalRoute route = new ExternalRoute(1, "pstn-calling", "0049.", 10, "sip:gw.example.com", "u", "p", 4, "+49", null);

        assertThat(route.translate("004930123")).isEqualTo("+4930123");
        assertThatThrownBy(() -> new ExternalRoute(1, "PSTN", "49.", 10, "sip:gw", null, null, 0, null, null))
                .hasMessageContaining("table");
        assertThatThrownBy(() -> new ExternalRoute(1, "pstn", "49.", 10, "http://gw", null, null, 0, null, null))
                .hasMessageContaining("gateway");
        assertThatThrownBy(() -> new ExternalRoute(1, "pstn", "49.", 10, "sip:gw", null, "p", 0, null, null))
                .hasMessageContaining("username");
        assertThatThrownBy(() -> new ExternalRoute(1, "pstn", "49.", 10, "sip:gw", null, null, 0, "0x", null))
                .hasMessageContaining("prefix");
        assertThat(route.toString()).doesNotContain("=p,", " p]").contains("u/***");
    }
}
