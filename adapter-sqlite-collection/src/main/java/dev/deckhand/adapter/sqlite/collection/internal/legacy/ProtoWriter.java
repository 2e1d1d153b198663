package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds a protobuf message field by field, in proto3 style: scalar fields equal to their default
 * are left out unless they are {@code optional} (the {@code present} variants).
 */
final class ProtoWriter {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    ProtoWriter varint(int number, long value) {
        if (value != 0) {
            presentVarint(number, value);
        }
        return this;
    }

    ProtoWriter presentVarint(int number, long value) {
        return write(() -> out.writeInt64(number, value));
    }

    ProtoWriter sint32(int number, int value) {
        return value == 0 ? this : write(() -> out.writeSInt32(number, value));
    }

    ProtoWriter bool(int number, boolean value) {
        return value ? write(() -> out.writeBool(number, true)) : this;
    }

    ProtoWriter float32(int number, float value) {
        return value == 0f && Float.floatToRawIntBits(value) == 0 ? this : write(() -> out.writeFloat(number, value));
    }

    /** An {@code optional float}: written even when zero. */
    ProtoWriter float32Present(int number, float value) {
        return write(() -> out.writeFloat(number, value));
    }

    ProtoWriter string(int number, String value) {
        return value.isEmpty() ? this : write(() -> out.writeString(number, value));
    }

    ProtoWriter bytes(int number, byte[] value) {
        return value.length == 0 ? this : write(() -> out.writeByteArray(number, value));
    }

    /** A sub-message, written even when empty (proto3 message fields have presence). */
    ProtoWriter message(int number, ProtoWriter message) {
        byte[] bytes = message.toByteArray();
        return write(() -> out.writeByteArray(number, bytes));
    }

    ProtoWriter packedFloats(int number, List<Float> values) {
        if (values.isEmpty()) {
            return this;
        }
        return write(() -> {
            out.writeTag(number, 2);
            out.writeUInt32NoTag(values.size() * 4);
            for (float v : values) {
                out.writeFloatNoTag(v);
            }
        });
    }

    ProtoWriter packedVarints(int number, List<Long> values) {
        if (values.isEmpty()) {
            return this;
        }
        return write(() -> {
            int size = 0;
            for (long v : values) {
                size += CodedOutputStream.computeInt64SizeNoTag(v);
            }
            out.writeTag(number, 2);
            out.writeUInt32NoTag(size);
            for (long v : values) {
                out.writeInt64NoTag(v);
            }
        });
    }

    byte[] toByteArray() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private ProtoWriter write(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private interface IoAction {
        void run() throws IOException;
    }
}
