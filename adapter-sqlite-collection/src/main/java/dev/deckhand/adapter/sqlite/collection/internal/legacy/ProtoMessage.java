package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded protobuf message: every field number with the raw values it carried. Readers ask for
 * fields by number and type; absent fields read as proto3 defaults.
 */
final class ProtoMessage {

    private final Map<Integer, List<Object>> fields = new HashMap<>();

    static ProtoMessage parse(byte[] bytes) {
        ProtoMessage message = new ProtoMessage();
        if (bytes == null) {
            return message;
        }
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                int number = WireFormat.getTagFieldNumber(tag);
                Object value = switch (WireFormat.getTagWireType(tag)) {
                    case WireFormat.WIRETYPE_VARINT -> in.readInt64();
                    case WireFormat.WIRETYPE_FIXED32 -> in.readFixed32();
                    case WireFormat.WIRETYPE_FIXED64 -> in.readFixed64();
                    case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readBytes();
                    default -> throw new InvalidProtocolBufferException("unsupported wire type in tag " + tag);
                };
                message.fields.computeIfAbsent(number, n -> new ArrayList<>()).add(value);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid protobuf message: " + e.getMessage(), e);
        }
        return message;
    }

    boolean has(int number) {
        return fields.containsKey(number);
    }

    long varint(int number) {
        Object last = last(number);
        return last instanceof Long value ? value : 0;
    }

    int sint32(int number) {
        long raw = varint(number);
        return CodedInputStream.decodeZigZag32((int) raw);
    }

    boolean bool(int number) {
        return varint(number) != 0;
    }

    float float32(int number) {
        Object last = last(number);
        return last instanceof Integer bits ? Float.intBitsToFloat(bits) : 0f;
    }

    String string(int number) {
        Object last = last(number);
        return last instanceof ByteString bytes ? bytes.toStringUtf8() : "";
    }

    byte[] bytes(int number) {
        Object last = last(number);
        return last instanceof ByteString bytes ? bytes.toByteArray() : new byte[0];
    }

    ProtoMessage message(int number) {
        return parse(bytes(number));
    }

    List<ProtoMessage> messages(int number) {
        List<ProtoMessage> out = new ArrayList<>();
        for (Object value : fields.getOrDefault(number, List.of())) {
            if (value instanceof ByteString bytes) {
                out.add(parse(bytes.toByteArray()));
            }
        }
        return out;
    }

    /** Repeated floats, packed or not. */
    List<Float> floats(int number) {
        List<Float> out = new ArrayList<>();
        for (Object value : fields.getOrDefault(number, List.of())) {
            if (value instanceof Integer bits) {
                out.add(Float.intBitsToFloat(bits));
            } else if (value instanceof ByteString packed) {
                CodedInputStream in = packed.newCodedInput();
                try {
                    while (!in.isAtEnd()) {
                        out.add(in.readFloat());
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException("bad packed floats in field " + number, e);
                }
            }
        }
        return out;
    }

    /** Repeated varints, packed or not. */
    List<Long> varints(int number) {
        List<Long> out = new ArrayList<>();
        for (Object value : fields.getOrDefault(number, List.of())) {
            if (value instanceof Long v) {
                out.add(v);
            } else if (value instanceof ByteString packed) {
                CodedInputStream in = packed.newCodedInput();
                try {
                    while (!in.isAtEnd()) {
                        out.add(in.readInt64());
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException("bad packed varints in field " + number, e);
                }
            }
        }
        return out;
    }

    private Object last(int number) {
        List<Object> values = fields.get(number);
        return values == null ? null : values.get(values.size() - 1);
    }
}
