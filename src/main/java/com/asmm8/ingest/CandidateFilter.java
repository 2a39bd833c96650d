package com.asmm8.ingest;

import com.asmm8.hostname.Finding;
import com.asmm8.hostname.HostnameNormalizer;
import com.asmm8.scan.ScanExchange;
import com.asmm8.scan.ScanRun;
import com.asmm8.scan.ToolReport;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * One line of a tool's output becomes the canonical in-scope hostname it names, or {@code null}
 * when it names none, names one out of scope, or names one this scan already handed over. A
 * processor, since it runs once per output line: the cheapest step a route can call.
 */
public class CandidateFilter implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(candidate(ScanExchange.run(exchange), exchange.getMessage().getBody(String.class)));
    }

    /** The hostname a line names, counted in the tool's report; null when there is none to hand over. */
    static String candidate(ScanRun run, String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        ToolReport report = run.toolReport();
        report.lines.incrementAndGet();
        String raw = run.getTool().parser().extract(line);
        String name = raw == null ? null : HostnameNormalizer.inScopeCanonical(raw, run.getDomain());
        if (name == null) {
            report.rejected.incrementAndGet();
            return null;
        }
        // permutations are candidates, not findings: they are resolved before anything is written
        if (!run.findsNames()) {
            report.accepted.incrementAndGet();
            run.writes().handedOver();
            return name;
        }
        // what a resolving tool says the name answered travels with it (a passive source's names carry
        // none). A name seen before in this scan is dropped, unless it now comes with its answers for
        // the first time: a zone transfer or a source named it, the brute force then saw where it points
        List<String> records = run.getTool().parser().records(line);
        boolean first = run.firstSighting(name);
        boolean firstAnswers = !records.isEmpty() && run.firstSighting(name + "\tanswers");
        if (!first && !firstAnswers) {
            return null;
        }
        report.accepted.incrementAndGet();
        run.writes().handedOver();
        return Finding.line(name, records);
    }
}
