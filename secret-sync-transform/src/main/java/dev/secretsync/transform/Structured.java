package dev.secretsync.transform;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.secretsync.core.spi.TransformException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON or YAML secret values: parsing, and formatting results as ack-secret-manager does.
 *
 * <p>Parser errors are never passed on as causes: their messages quote the input, which is a secret.
 */
final class Structured {

    enum Format { JSON, YAML }

    record Parsed(JsonNode node, Format format) {
    }

    // Keys sorted on output, as Go's encoders write maps.
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();

    private Structured() {
    }

    /** Strict UTF-8, or an error: binary data cannot be JSON or YAML. */
    static String text(byte[] bytes, String field, String what) throws TransformException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TransformException(field, what + " is binary data, not UTF-8 text");
        }
    }

    /** JSON if it is JSON, else YAML. */
    static Parsed parse(byte[] bytes, String field) throws TransformException {
        String text = text(bytes, field, "the secret value");
        try {
            return new Parsed(JSON.readTree(text), Format.JSON);
        } catch (JsonProcessingException notJson) {
            try {
                JsonNode node = YAML.readTree(text);
                return new Parsed(node == null ? JSON.getNodeFactory().missingNode() : node, Format.YAML);
            } catch (JsonProcessingException notYaml) {
                throw new TransformException(field, "the secret value is neither JSON nor YAML (" + where(notYaml) + ")");
            }
        }
    }

    /** Strings as they are, numbers and booleans as text, maps and lists re-serialised in {@code format}. */
    static byte[] format(JsonNode node, Format format, String field) throws TransformException {
        if (node.isTextual()) {
            return node.textValue().getBytes(StandardCharsets.UTF_8);
        }
        if (node.isBinary()) {
            try {
                return node.binaryValue();
            } catch (java.io.IOException e) {
                throw new TransformException(field, "unreadable binary value");
            }
        }
        return formatScalarOrTree(node, format, field).getBytes(StandardCharsets.UTF_8);
    }

    private static String formatScalarOrTree(JsonNode node, Format format, String field) throws TransformException {
        if (node.isNumber()) {
            return number(node);
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        if (node.isNull() || node.isMissingNode()) {
            return "null";
        }
        try {
            JsonNode normalised = normaliseNumbers(node.deepCopy());
            return format == Format.JSON ? JSON.writer(GoHtmlEscapes.INSTANCE).writeValueAsString(normalised)
                    : YAML.writeValueAsString(normalised);
        } catch (JsonProcessingException e) {
            throw new TransformException(field, "cannot re-serialise the value as " + format);
        }
    }

    /** Decimals as Go writes its float64s: {@code 1.50} as {@code 1.5}, {@code 1e3} and {@code 2.0} as integers. */
    private static JsonNode normaliseNumbers(JsonNode node) {
        if (node.isBigDecimal()) {
            BigDecimal d = node.decimalValue().stripTrailingZeros();
            return d.scale() <= 0 ? BigIntegerNode.valueOf(d.toBigIntegerExact()) : DecimalNode.valueOf(d);
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> e.setValue(normaliseNumbers(e.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, normaliseNumbers(array.get(i)));
            }
        }
        return node;
    }

    /** Integers without a fraction, decimals without trailing zeros, never in exponent form. */
    static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        double d = node.doubleValue();
        if (!node.isBigDecimal() && (Double.isNaN(d) || Double.isInfinite(d))) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
        }
        BigDecimal decimal = node.decimalValue().stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
    }

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null ? "unparseable" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
