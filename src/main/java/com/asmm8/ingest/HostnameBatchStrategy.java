package com.asmm8.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects the hostnames of consecutive output lines into one list per batch. Lines that named
 * no hostname arrive with a null body: they count towards the batch size (so the end-of-output
 * line always reaches the aggregator and closes the last batch) but add nothing to it.
 */
public class HostnameBatchStrategy implements AggregationStrategy {

    private static final String LIST = "asmm8.batch";

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange target = oldExchange == null ? newExchange : oldExchange;
        List<String> list = target.getProperty(LIST, List.class);
        if (list == null) {
            list = new ArrayList<>();
            target.setProperty(LIST, list);
        }
        // the raw body: asking for a String would run a type-converter lookup for every null
        if (newExchange.getMessage().getBody() instanceof String name) {
            list.add(name);
        }
        return target;
    }

    @Override
    public void onCompletion(Exchange exchange) {
        exchange.getMessage().setBody(exchange.getProperty(LIST, List.class));
        exchange.removeProperty(LIST);
    }
}
