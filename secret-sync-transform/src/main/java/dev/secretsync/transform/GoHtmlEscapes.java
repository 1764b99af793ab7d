package dev.secretsync.transform;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/** Go's encoding/json escapes {@code < > &} and U+2028/U+2029; JSON written here matches it byte for byte. */
final class GoHtmlEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    static final GoHtmlEscapes INSTANCE = new GoHtmlEscapes();

    private final int[] ascii;

    private GoHtmlEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii['<'] = ESCAPE_CUSTOM;
        ascii['>'] = ESCAPE_CUSTOM;
        ascii['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return switch (ch) {
            case '<', '>', '&', 0x2028, 0x2029 -> new SerializedString(String.format("\\u%04x", ch));
            default -> null;
        };
    }
}
