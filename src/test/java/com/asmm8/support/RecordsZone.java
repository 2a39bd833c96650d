package com.asmm8.support;

import java.util.List;

/**
 * The zone the records tests serve with Knot: names on several addresses, a CNAME chain, a CNAME
 * to a name that does not exist, one into a fingerprinted service suffix that does not exist
 * there, and one into it that does; and the second version of the zone, where one of www's
 * addresses, api's address and shop's CNAME changed. The service's zone (azurewebsites.net) is
 * served beside it.
 */
public final class RecordsZone {

    private RecordsZone() {
    }

    /**
     * The zone and the service's zone, version 1 or 2.
     *
     * @param net     the first two octets of the zone's addresses (e.g. {@code 10.51})
     * @param ns      the address of the server (its ns1)
     * @param version 1, or 2: www's second address .0.2 -> .0.5, api .0.3 -> .0.6, shop -> edge2
     */
    public static List<Knot.Zone> zones(String domain, String net, String ns, int version) {
        boolean v2 = version == 2;
        String zone = """
                @ SOA ns1 hostmaster %1$d 3600 600 86400 300
                @ NS ns1
                ns1 A %2$s
                www A %3$s.0.1
                www A %3$s.0.%4$s
                api A %3$s.0.%5$s
                mail A %3$s.9.4
                shop CNAME %6$s
                edge CNAME lb
                edge2 CNAME lb
                lb A %3$s.0.9
                old CNAME gone
                app CNAME %7$s-app.azurewebsites.net.
                cdn CNAME live-app.azurewebsites.net.
                """.formatted(version, ns, net, v2 ? "5" : "2", v2 ? "6" : "3", v2 ? "edge2" : "edge", domain.split("\\.")[0]);
        String azure = """
                @ SOA ns1.%1$s. hostmaster 1 3600 600 86400 300
                @ NS ns1.%1$s.
                live-app A %2$s.1.1
                """.formatted(domain, net);
        return v2 ? List.of(Knot.Zone.of(domain, zone)) : List.of(Knot.Zone.of(domain, zone), Knot.Zone.of("azurewebsites.net", azure));
    }

    /** The words that find every name of the zone, and one that finds none. */
    public static final String WORDS = "www\napi\nmail\nshop\nedge\nedge2\nlb\nold\napp\ncdn\nns1\nnothing\n";
}
