package dev.deckhand.adapter.sqlite.collection.internal.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The notetypes every new collection offers, in legacy JSON: Basic, Basic (and reversed card), Basic
 * (optional reversed card), Basic (type in the answer) and Cloze, each marked with the stock kind
 * Anki recognises ({@code originalStockKind} 1 to 5). Clients add Image Occlusion themselves when
 * it is first used.
 */
public final class StockNotetypes {

    private static final String CARD_CSS = ".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n"
            + "    text-align: center;\n    color: black;\n    background-color: white;\n}\n";
    private static final String CLOZE_CSS = CARD_CSS + ".cloze {\n    font-weight: bold;\n    color: blue;\n}\n"
            + ".nightMode .cloze {\n    color: lightblue;\n}\n";
    private static final String LATEX_PRE = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n"
            + "\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n"
            + "\\setlength{\\parindent}{0in}\n\\begin{document}\n";
    private static final String LATEX_POST = "\\end{document}";
    private static final String ANSWER_DIVIDER = "{{FrontSide}}\n\n<hr id=answer>\n\n";

    private final ObjectMapper mapper;
    private final RandomGenerator random;

    public StockNotetypes(ObjectMapper mapper, RandomGenerator random) {
        this.mapper = mapper;
        this.random = random;
    }

    /** The stock notetypes, Basic first, with ids from {@code firstId} upwards. */
    public List<ObjectNode> all(long firstId) {
        return List.of(
                notetype(firstId, "Basic", 1, false, List.of("Front", "Back"),
                        List.of(template("Card 1", "{{Front}}", ANSWER_DIVIDER + "{{Back}}")), "[[0,\"any\",[0]]]"),
                notetype(firstId + 1, "Basic (and reversed card)", 2, false, List.of("Front", "Back"),
                        List.of(template("Card 1", "{{Front}}", ANSWER_DIVIDER + "{{Back}}"),
                                template("Card 2", "{{Back}}", ANSWER_DIVIDER + "{{Front}}")),
                        "[[0,\"any\",[0]],[1,\"any\",[1]]]"),
                notetype(firstId + 2, "Basic (optional reversed card)", 3, false, List.of("Front", "Back", "Add Reverse"),
                        List.of(template("Card 1", "{{Front}}", ANSWER_DIVIDER + "{{Back}}"),
                                template("Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", ANSWER_DIVIDER + "{{Front}}")),
                        "[[0,\"any\",[0]],[1,\"all\",[1,2]]]"),
                notetype(firstId + 3, "Basic (type in the answer)", 4, false, List.of("Front", "Back"),
                        List.of(template("Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}")),
                        "[[0,\"any\",[0]]]"),
                notetype(firstId + 4, "Cloze", 5, true, List.of("Text", "Back Extra"),
                        List.of(template("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}")), "[[0,\"any\",[0]]]"));
    }

    private ObjectNode notetype(long id, String name, int stockKind, boolean cloze, List<String> fields, List<ObjectNode> templates,
            String requirements) {
        ObjectNode nt = mapper.createObjectNode();
        nt.put("id", id);
        nt.put("name", name);
        nt.put("type", cloze ? 1 : 0);
        nt.put("mod", 0);
        nt.put("usn", 0);
        nt.put("sortf", 0);
        nt.putNull("did");
        ArrayNode tmpls = nt.putArray("tmpls");
        for (int i = 0; i < templates.size(); i++) {
            tmpls.add(templates.get(i).put("ord", i));
        }
        ArrayNode flds = nt.putArray("flds");
        for (int i = 0; i < fields.size(); i++) {
            ObjectNode field = flds.addObject();
            field.put("name", fields.get(i));
            field.put("ord", i);
            field.put("sticky", false);
            field.put("rtl", false);
            field.put("font", "Arial");
            field.put("size", 20);
            field.put("description", "");
            field.put("plainText", false);
            field.put("collapsed", false);
            field.put("excludeFromSearch", false);
            field.put("id", random.nextLong());
            field.putNull("tag");
            field.put("preventDeletion", false);
        }
        nt.put("css", cloze ? CLOZE_CSS : CARD_CSS);
        nt.put("latexPre", LATEX_PRE);
        nt.put("latexPost", LATEX_POST);
        nt.put("latexsvg", false);
        try {
            nt.set("req", mapper.readTree(requirements));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        nt.put("originalStockKind", stockKind);
        return nt;
    }

    private ObjectNode template(String name, String question, String answer) {
        ObjectNode template = mapper.createObjectNode();
        template.put("name", name);
        template.put("qfmt", question);
        template.put("afmt", answer);
        template.put("bqfmt", "");
        template.put("bafmt", "");
        template.putNull("did");
        template.put("bfont", "");
        template.put("bsize", 0);
        template.put("id", random.nextLong());
        return template;
    }
}
