package dev.deckhand.sync.chunks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;

/**
 * The text Anki derives from note fields: fields cleaned of control characters, the sort field
 * ({@code sfld}) and the first-field checksum ({@code csum}), both from the field with HTML removed
 * but media file names kept.
 *
 * <p>Written as linear scans rather than regular expressions: note fields come from clients, and a
 * backtracking regex over a hostile megabyte-long field could pin a CPU.
 */
public final class NoteText {

    private static final Map<String, String> NAMED_ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("shy", "\u00ad"), Map.entry("copy", "©"),
            Map.entry("reg", "®"), Map.entry("hellip", "…"), Map.entry("mdash", "—"), Map.entry("ndash", "–"),
            Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
            Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("deg", "°"), Map.entry("times", "×"),
            Map.entry("divide", "÷"), Map.entry("middot", "·"), Map.entry("bull", "•"), Map.entry("euro", "€"));
    private static final String[] MEDIA_TAGS = {"img", "audio", "video", "object", "source"};

    private NoteText() {}

    /** Removes ASCII control characters other than tab and newline, as Anki does before saving. */
    public static String cleanField(String field) {
        StringBuilder out = null;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
            if (control && out == null) {
                out = new StringBuilder(field.length()).append(field, 0, i);
            } else if (!control && out != null) {
                out.append(c);
            }
        }
        return out == null ? field : out.toString();
    }

    /** The first 4 bytes of the SHA-1 of the first field's text, as an unsigned number. */
    public static long checksum(String firstField) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(stripHtmlKeepingMediaNames(firstField).getBytes(StandardCharsets.UTF_8));
            return ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8) | (digest[3] & 0xffL);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** HTML tags removed, entities decoded, and {@code <img src="x">}-style tags replaced by {@code " x "}. */
    public static String stripHtmlKeepingMediaNames(String html) {
        return stripHtml(replaceMediaTags(html));
    }

    static String stripHtml(String html) {
        if (html.indexOf('<') < 0) {
            return decodeEntities(html);
        }
        String lower = html.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(html.length());
        boolean closingBracketAhead = true;
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c != '<' || !closingBracketAhead) {
                out.append(c);
                i++;
                continue;
            }
            int end = skipMarkup(lower, i);
            if (end < 0) {
                closingBracketAhead = lower.indexOf('>', i) >= 0;
                out.append(c);
                i++;
            } else {
                i = end;
            }
        }
        return decodeEntities(out.toString());
    }

    /** Where the comment, style/script element or tag starting at {@code start} ends, or -1. */
    private static int skipMarkup(String lower, int start) {
        if (lower.startsWith("<!--", start)) {
            int end = lower.indexOf("-->", start + 4);
            if (end >= 0) {
                return end + 3;
            }
        }
        for (String element : new String[] {"style", "script"}) {
            if (lower.startsWith("<" + element, start)) {
                int open = lower.indexOf('>', start);
                int close = open < 0 ? -1 : lower.indexOf("</" + element + ">", open);
                if (close >= 0) {
                    return close + element.length() + 3;
                }
            }
        }
        int end = lower.indexOf('>', start + 1);
        return end < 0 ? -1 : end + 1;
    }

    private static String replaceMediaTags(String html) {
        if (html.indexOf('<') < 0) {
            return html;
        }
        String lower = html.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        while (i < html.length()) {
            int tagEnd = html.charAt(i) == '<' ? mediaTagEnd(lower, i) : -1;
            if (tagEnd < 0) {
                out.append(html.charAt(i));
                i++;
                continue;
            }
            String source = sourceAttribute(html.substring(i, tagEnd), lower.substring(i, tagEnd));
            if (source == null) {
                out.append(html.charAt(i));
                i++;
            } else {
                out.append(' ').append(source).append(' ');
                i = tagEnd;
            }
        }
        return out.toString();
    }

    /** The end of a media tag starting at {@code start} (honouring quotes), or -1. */
    private static int mediaTagEnd(String lower, int start) {
        boolean media = false;
        for (String tag : MEDIA_TAGS) {
            int after = start + 1 + tag.length();
            if (lower.startsWith(tag, start + 1) && after < lower.length() && !Character.isLetterOrDigit(lower.charAt(after))) {
                media = true;
            }
        }
        if (!media) {
            return -1;
        }
        char quote = 0;
        for (int i = start + 1; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The value of the tag's {@code src} or {@code data} attribute, or null. */
    private static String sourceAttribute(String tag, String lowerTag) {
        for (int i = 1; i < lowerTag.length(); i++) {
            boolean src = lowerTag.startsWith("src=", i);
            boolean data = lowerTag.startsWith("data=", i);
            if ((src || data) && !Character.isLetterOrDigit(lowerTag.charAt(i - 1)) && lowerTag.charAt(i - 1) != '-') {
                int valueStart = i + (src ? 4 : 5);
                if (valueStart >= tag.length()) {
                    return null;
                }
                char first = tag.charAt(valueStart);
                if (first == '"' || first == '\'') {
                    int close = tag.indexOf(first, valueStart + 1);
                    return close > valueStart + 1 ? tag.substring(valueStart + 1, close) : null;
                }
                int end = valueStart;
                while (end < tag.length() && tag.charAt(end) != ' ' && tag.charAt(end) != '>') {
                    end++;
                }
                return end > valueStart ? tag.substring(valueStart, end) : null;
            }
        }
        return null;
    }

    /**
     * Decodes character references. Like the decoder Anki uses, text with a malformed or unknown
     * reference is returned unchanged as a whole.
     */
    static String decodeEntities(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int semicolon = text.indexOf(';', i);
            if (semicolon < 0 || semicolon - i > 12) {
                return text;
            }
            String name = text.substring(i + 1, semicolon);
            String decoded = decodeReference(name);
            if (decoded == null) {
                return text;
            }
            out.append(decoded);
            i = semicolon + 1;
        }
        return out.toString().replace('\u00a0', ' ');
    }

    private static String decodeReference(String name) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return Character.toString(Integer.parseInt(name.substring(2), 16));
            }
            if (name.startsWith("#")) {
                return Character.toString(Integer.parseInt(name.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return NAMED_ENTITIES.get(name);
    }
}
