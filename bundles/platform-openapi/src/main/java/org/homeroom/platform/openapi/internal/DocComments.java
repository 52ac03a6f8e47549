package org.homeroom.platform.openapi.internal;

import java.lang.reflect.Method;

import com.github.therapi.runtimejavadoc.Comment;
import com.github.therapi.runtimejavadoc.CommentElement;
import com.github.therapi.runtimejavadoc.CommentText;
import com.github.therapi.runtimejavadoc.InlineLink;
import com.github.therapi.runtimejavadoc.InlineTag;
import com.github.therapi.runtimejavadoc.MethodJavadoc;
import com.github.therapi.runtimejavadoc.RuntimeJavadoc;

/**
 * The doc comment of a resource method, as the build kept it (therapi's scribe writes each class's
 * comments to {@code X__Javadoc.json} beside it; the class's own bundle serves that resource).
 */
final class DocComments {

    private DocComments() {
    }

    static String of(Method method) {
        try {
            MethodJavadoc javadoc = RuntimeJavadoc.getJavadoc(method);
            if (javadoc == null || javadoc.isEmpty()) {
                return "";
            }
            return markdown(javadoc.getComment());
        } catch (RuntimeException unreadable) {
            // a class built without the scribe, or a comment it could not parse: the summary falls back to the name
            return "";
        }
    }

    /** The comment as CommonMark (what OpenAPI descriptions are): {@code x} becomes `x`, links their label. */
    static String markdown(Comment comment) {
        StringBuilder text = new StringBuilder();
        for (CommentElement element : comment.getElements()) {
            if (element instanceof CommentText plain) {
                text.append(plain.getValue().replaceAll("<[^>]+>", ""));
            } else if (element instanceof InlineTag tag) {
                text.append("code".equals(tag.getName()) || "literal".equals(tag.getName()) ? "`" + tag.getValue().trim() + "`" : tag.getValue());
            } else if (element instanceof InlineLink link) {
                String label = link.getLink().getLabel();
                String member = link.getLink().getReferencedMemberName();
                String type = link.getLink().getReferencedClassName();
                text.append(label != null && !label.isBlank() ? label : member != null ? member : type == null ? "" : type.replaceAll(".*\\.", ""));
            }
        }
        return text.toString().replaceAll("\\s+", " ").trim();
    }

    /** Up to the first full stop followed by a space (or the end), at most 120 characters. */
    static String firstSentence(String doc) {
        if (doc.isEmpty()) {
            return "";
        }
        int end = doc.indexOf(". ");
        String sentence = end < 0 ? doc : doc.substring(0, end + 1);
        return sentence.length() <= 120 ? sentence : sentence.substring(0, 117) + "...";
    }
}
