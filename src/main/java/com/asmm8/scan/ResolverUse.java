package com.asmm8.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The resolvers of a built-in DNS engine run, as its tool report shows them: how many, how many
 * usable now (neither dropped nor resting), how many dropped and why (by kind), the questions,
 * answers, time-outs and failures of all of them, and a line per resolver (the dropped
 * ones first, then those that failed most; at most {@link #SHOWN}, the totals count all).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolverUse(int total, int healthy, int dropped, long questions, long answers, long timeouts, long failures,
        Map<String, Integer> droppedAs, List<Line> resolvers) {

    /** Why resolvers are dropped, as {@link #droppedAs} and the metrics count them. */
    public static final List<String> DROP_KINDS = List.of("liar", "blind", "unanswered", "failing");

    /** The kind of a drop reason: a liar, one that cannot see the domain, one that did not answer the check, one that kept failing. */
    public static String kind(String why) {
        if (why.contains("(a liar)") || why.contains("invents answers")) {
            return "liar";
        }
        if (why.startsWith("cannot see")) {
            return "blind";
        }
        return why.startsWith("did not answer") || why.startsWith("check failed") ? "unanswered" : "failing";
    }

    public static final int SHOWN = 50;

    /** One resolver: questions sent, answers (NOERROR or NXDOMAIN), time-outs, SERVFAIL or REFUSED, rests, why dropped. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(String resolver, long questions, long answers, long timeouts, long failures, int rests, String dropped) {
    }
}
