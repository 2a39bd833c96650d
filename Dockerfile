# ASMM8 container image (multi-stage): the distribution of `mvn package`, run by its bin/asmm8.
# Images are named in full (registry/namespace/name:tag), so podman and other engines without
# Docker's short-name defaults resolve them too.
#
#   docker build -t asmm8 .        (or: podman build -t asmm8 .)
#   docker run -e ASMM8_HTTP_HOST=0.0.0.0 -e ASMM8_API_TOKEN=... -v asmm8-data:/opt/asmm8/data asmm8

# ---- stage 1: build the thin jar + its dependency jars ----------------------
FROM docker.io/library/maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Resolve dependencies in their own layer so source edits don't re-download them.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY src/ src/
COPY config/ config/
COPY routes/ routes/
COPY wordlists/ wordlists/
COPY README.md .
COPY docs/ docs/
# Produces the distribution target/asmm8-<version>.tar.gz (bin/, lib/, config/), unpacked here.
RUN mvn -B -q -DskipTests package \
 && mkdir /dist && tar xzf target/asmm8-*.tar.gz -C /dist --strip-components=1

# ---- stage 2: ProjectDiscovery tools (static Go binaries) -------------------
FROM docker.io/library/golang:1.22-bookworm AS tools
# The golang image pins GOTOOLCHAIN=local; current @latest releases may declare a
# newer `go` directive than 1.22, so let the go command fetch the toolchain it needs.
ENV CGO_ENABLED=0 \
    GOTOOLCHAIN=auto
RUN go install github.com/projectdiscovery/subfinder/v2/cmd/subfinder@latest \
 && go install github.com/projectdiscovery/dnsx/cmd/dnsx@latest \
 && go install github.com/projectdiscovery/alterx/cmd/alterx@latest

# ---- stage 3: runtime --------------------------------------------------------
FROM docker.io/library/eclipse-temurin:17-jre

# gobuster (DNS brute force), dig/host (bind9-dnsutils), CA roots for HTTPS sources.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gobuster bind9-dnsutils ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# Unprivileged runtime user.
RUN groupadd --gid 10001 asmm8 \
 && useradd --uid 10001 --gid asmm8 --home-dir /opt/asmm8 --no-create-home \
            --shell /usr/sbin/nologin asmm8

COPY --from=build /dist/ /opt/asmm8/
COPY --from=tools /go/bin/subfinder /go/bin/dnsx /go/bin/alterx /usr/local/bin/

# ASMM8_HOME (data, staging, the generated API token) is the distribution's folder; config/ in it
# overrides the packaged defaults file by file (mount a folder there, or set ASMM8_CONFIG_DIR).
# Create the data dir before VOLUME so a fresh volume inherits asmm8 ownership.
RUN mkdir -p /opt/asmm8/data /opt/asmm8/tmp && chown -R asmm8:asmm8 /opt/asmm8
WORKDIR /opt/asmm8
USER asmm8

# The HTTP API binds to loopback by default, which is unreachable from outside a
# container. When running in a container set, e.g. with `docker run -e`:
#   ASMM8_HTTP_HOST=0.0.0.0   (listen on all interfaces)
#   ASMM8_API_TOKEN=<secret>  (require a token, since the API is now exposed)
# They are deliberately not baked into the image.

VOLUME /opt/asmm8/data

ENTRYPOINT ["/opt/asmm8/bin/asmm8"]
