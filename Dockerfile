# ASMM8 container image (multi-stage).
#
#   docker build -t asmm8 .
#   docker run -e ASMM8_HTTP_HOST=0.0.0.0 -e ASMM8_API_TOKEN=... -v asmm8-data:/app/data asmm8

# ---- stage 1: build the thin jar + its dependency jars ----------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Resolve dependencies in their own layer so source edits don't re-download them.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY src/ src/
COPY config/ config/
# Produces target/asmm8.jar (manifest Class-Path -> lib/) and target/lib/*.jar.
RUN mvn -B -q -DskipTests package

# ---- stage 2: ProjectDiscovery tools (static Go binaries) -------------------
FROM golang:1.22-bookworm AS tools
# The golang image pins GOTOOLCHAIN=local; current @latest releases may declare a
# newer `go` directive than 1.22, so let the go command fetch the toolchain it needs.
ENV CGO_ENABLED=0 \
    GOTOOLCHAIN=auto
RUN go install github.com/projectdiscovery/subfinder/v2/cmd/subfinder@latest \
 && go install github.com/projectdiscovery/dnsx/cmd/dnsx@latest \
 && go install github.com/projectdiscovery/alterx/cmd/alterx@latest

# ---- stage 3: runtime --------------------------------------------------------
FROM eclipse-temurin:17-jre

# gobuster (DNS brute force), dig/host (bind9-dnsutils), CA roots for HTTPS sources.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gobuster bind9-dnsutils ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# Unprivileged runtime user.
RUN groupadd --gid 10001 asmm8 \
 && useradd --uid 10001 --gid asmm8 --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin asmm8

WORKDIR /app

COPY --from=build /src/target/asmm8.jar /app/asmm8.jar
COPY --from=build /src/target/lib/ /app/lib/
COPY --from=tools /go/bin/subfinder /go/bin/dnsx /go/bin/alterx /usr/local/bin/

# Runtime files from the build context (resolved relative to WORKDIR /app).
COPY routes/ /app/routes/
COPY config/ /app/config/
COPY wordlists/ /app/wordlists/

# Create the data dir before VOLUME so a fresh volume inherits asmm8 ownership.
RUN mkdir -p /app/data && chown -R asmm8:asmm8 /app

USER asmm8

# The HTTP API binds to loopback by default, which is unreachable from outside a
# container. When running in a container set, e.g. with `docker run -e`:
#   ASMM8_HTTP_HOST=0.0.0.0   (listen on all interfaces)
#   ASMM8_API_TOKEN=<secret>  (require a token, since the API is now exposed)
# They are deliberately not baked into the image.

VOLUME /app/data

ENTRYPOINT ["java","-jar","/app/asmm8.jar"]
