package io.peerswitch.endpoint.presence;

import io.peerswitch.wire.profile.PresenceStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The PIDF codec (RFC 3863) with RPID activities (RFC 4480): pure functions between presence documents
 * and {@code application/pidf+xml} bytes. The parser refuses DTDs and external entities (no XXE) and
 * documents over {@link #MAX_BYTES}; failures are values, not exceptions.
 */
public final class Pidf {

    /** The media type (RFC 3863 section 7). */
    public static final String CONTENT_TYPE = "application/pidf+xml";
    /** Largest document parsed; ours are a few hundred bytes. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final String PIDF = "urn:ietf:params:xml:ns:pidf";
    private static final String DM = "urn:ietf:params:xml:ns:pidf:data-model";
    private static final String RPID = "urn:ietf:params:xml:ns:pidf:rpid";
    private static final String DO_NOT_DISTURB = "do-not-disturb";

    private Pidf() {
    }

    /** The result of parsing a PIDF body. */
    public sealed interface Parsed {
        /** A document. */
        record Document(PresenceDocument presence) implements Parsed {
        }

        /** Not a PIDF document we can read, and why. */
        record Invalid(String reason) implements Parsed {
        }
    }

    /** Encodes a presence document as UTF-8 XML. */
    public static byte[] encode(PresenceDocument doc) {
        StringBuilder xml = new StringBuilder(512)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<presence xmlns=\"").append(PIDF).append("\" xmlns:dm=\"").append(DM)
                .append("\" xmlns:rpid=\"").append(RPID).append("\" entity=\"").append(escape(doc.entity())).append("\">\n")
                .append("  <tuple id=\"t1\">\n    <status><basic>").append(doc.open() ? "open" : "closed").append("</basic></status>\n");
        doc.contact().ifPresent(c -> xml.append("    <contact>").append(escape(c)).append("</contact>\n"));
        doc.note().ifPresent(n -> xml.append("    <note>").append(escape(n)).append("</note>\n"));
        xml.append("  </tuple>\n");
        String activity = doc.open() ? activity(doc.status()) : null;
        if (activity != null) {
            xml.append("  <dm:person id=\"p1\"><rpid:activities>").append(activity).append("</rpid:activities></dm:person>\n");
        }
        return xml.append("</presence>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@code body}; never throws. */
    public static Parsed parse(byte[] body) {
        if (body.length == 0) {
            return new Parsed.Invalid("empty body");
        }
        if (body.length > MAX_BYTES) {
            return new Parsed.Invalid("larger than " + MAX_BYTES + " bytes");
        }
        Document dom;
        try {
            dom = builder().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            return new Parsed.Invalid("not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            return new Parsed.Invalid("no XML parser: " + e.getMessage());
        }
        Element root = dom.getDocumentElement();
        if (!"presence".equals(root.getLocalName()) || !PIDF.equals(root.getNamespaceURI())) {
            return new Parsed.Invalid("the root element is not a PIDF <presence>");
        }
        String entity = root.getAttribute("entity");
        Element tuple = first(root, PIDF, "tuple");
        boolean open = false;
        Optional<String> contact = Optional.empty();
        Optional<String> note = Optional.empty();
        if (tuple != null) {
            Element status = first(tuple, PIDF, "status");
            Element basic = status == null ? null : first(status, PIDF, "basic");
            open = basic != null && "open".equals(basic.getTextContent().strip());
            contact = text(first(tuple, PIDF, "contact"));
            note = text(first(tuple, PIDF, "note"));
        }
        if (note.isEmpty()) {
            note = text(first(root, PIDF, "note"));
        }
        return new Parsed.Document(new PresenceDocument(entity, open, contact, note, open ? status(root) : null));
    }

    private static String activity(PresenceStatus status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case AVAILABLE -> null;
            case AWAY -> "<rpid:away/>";
            case BUSY -> "<rpid:busy/>";
            case DO_NOT_DISTURB -> "<rpid:other>" + DO_NOT_DISTURB + "</rpid:other>";
        };
    }

    private static PresenceStatus status(Element root) {
        NodeList activities = root.getElementsByTagNameNS(RPID, "activities");
        for (int i = 0; i < activities.getLength(); i++) {
            for (Node n = activities.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && RPID.equals(e.getNamespaceURI())) {
                    switch (e.getLocalName()) {
                        case "away", "vacation", "holiday", "sleeping" -> {
                            return PresenceStatus.AWAY;
                        }
                        case "busy", "on-the-phone", "meeting", "performance", "presentation" -> {
                            return PresenceStatus.BUSY;
                        }
                        case "other" -> {
                            if (DO_NOT_DISTURB.equals(e.getTextContent().strip())) {
                                return PresenceStatus.DO_NOT_DISTURB;
                            }
                        }
                        default -> { }
                    }
                }
            }
        }
        return PresenceStatus.AVAILABLE;
    }

    private static Element first(Element parent, String ns, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    private static Optional<String> text(Element e) {
        return e == null ? Optional.empty() : Optional.of(e.getTextContent().strip()).filter(s -> !s.isEmpty());
    }

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new org.xml.sax.ErrorHandler() {
            @Override
            public void warning(org.xml.sax.SAXParseException e) {
                // Warnings do not make a document unusable.
            }

            @Override
            public void error(org.xml.sax.SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return b;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
