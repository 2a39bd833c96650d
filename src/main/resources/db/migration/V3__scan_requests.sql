-- Scan requests taken from the platform's queue (qasmm8): a request is acknowledged once it is
-- recorded here, so a scan longer than RabbitMQ's consumer_timeout never holds its delivery, and
-- a daemon that dies leaves the request for the next one to carry out.
CREATE TABLE IF NOT EXISTS asmm8_scan_request (
    id          uuid PRIMARY KEY,
    scantype    varchar(16)  NOT NULL,
    routingkey  varchar(255) NOT NULL,
    status      varchar(16)  NOT NULL,              -- pending, running, done
    joined      integer      NOT NULL DEFAULT 0,    -- repeated requests that joined this one while it was open
    owner       varchar(255),                       -- host:pid of the daemon carrying it out
    scanids     uuid[]       NOT NULL DEFAULT '{}', -- the scan runs that answer it
    receivedat  timestamptz  NOT NULL DEFAULT now(),
    startedat   timestamptz,
    endedat     timestamptz,
    outcome     varchar(16),                        -- complete, warning
    message     text
);
-- one open request per scan type: a repeated request joins it instead of queueing a second scan
CREATE UNIQUE INDEX IF NOT EXISTS asmm8_scan_request_open ON asmm8_scan_request (scantype)
    WHERE status IN ('pending', 'running');
