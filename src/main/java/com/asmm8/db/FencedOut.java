package com.asmm8.db;

import java.sql.SQLException;

/** A batch was not written: the domain's lease has another token now (another node took the domain over). */
public class FencedOut extends SQLException {

    public FencedOut(Fence fence) {
        super("the lease on domain " + fence.domainId() + " is no longer token " + fence.token()
                + " (another node took the domain over): nothing written");
    }
}
