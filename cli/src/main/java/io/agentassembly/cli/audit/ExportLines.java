package io.agentassembly.cli.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of an export as UTF-8 bytes, split as {@link BufferedReader#readLine} splits them (at LF, CR or CRLF).
 * Read from bytes without decoding them, or from a reader (each line then encoded). The line's bytes are valid until
 * the next call.
 */
public abstract sealed class ExportLines {

    protected byte[] line = new byte[4096];
    protected int length;

    /** Reads the next line; false at the end. */
    public abstract boolean next() throws IOException;

    public byte[] bytes() {
        return line;
    }

    public int length() {
        return length;
    }

    public String text() {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    public static ExportLines of(InputStream in) {
        return new FromBytes(in);
    }

    public static ExportLines of(BufferedReader in) {
        return new FromReader(in);
    }

    private static final class FromBytes extends ExportLines {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private boolean skipLineFeed;

        FromBytes(InputStream in) {
            this.in = in;
        }

        @Override
        public boolean next() throws IOException {
            length = 0;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return any;
                    }
                }
                if (skipLineFeed) {
                    skipLineFeed = false;
                    if (buffer[position] == '\n') {
                        position++;
                        continue;
                    }
                }
                any = true;
                int start = position;
                while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                    position++;
                }
                append(start, position - start);
                if (position < limit) {
                    skipLineFeed = buffer[position] == '\r';
                    position++;
                    return true;
                }
            }
        }

        private void append(int start, int count) {
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.max(length + count, line.length * 2));
            }
            System.arraycopy(buffer, start, line, length, count);
            length += count;
        }
    }

    private static final class FromReader extends ExportLines {
        private final BufferedReader in;

        FromReader(BufferedReader in) {
            this.in = in;
        }

        @Override
        public boolean next() throws IOException {
            String text = in.readLine();
            if (text == null) {
                return false;
            }
            line = text.getBytes(StandardCharsets.UTF_8);
            length = line.length;
            return true;
        }
    }
}
