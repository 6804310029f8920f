# profilemock as a container: docker build -t profilemock . && docker run -p 8080:8080 profilemock
#
# No Docker engine runs where this project is built and tested, so
# .ci/docker-build reads this file and replays it: the build stage's RUN lines,
# then the final stage's USER, ENV, EXPOSE, HEALTHCHECK, ENTRYPOINT and CMD
# against the binary they produced. Keep one instruction per line and only the
# instructions that script knows; it fails on anything else rather than skip it.

FROM golang:1.26-bookworm AS build
WORKDIR /src
# The module download is its own layer, rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Static (no cgo), so that it runs on an image without a libc. The tag
# nomsgpack leaves out gin's msgpack codec, which the mock never uses: a fifth
# of the binary, and about 2 MiB less resident at start. cmd/loadbench builds
# the same way.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -tags nomsgpack -ldflags="-s -w" -o /out/profilemock ./cmd/profilemock

# distroless/static: CA certificates, tzdata and a nonroot user (65532), no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/profilemock /profilemock
USER 65532:65532
EXPOSE 8080
ENV PROFILEMOCK_ADDR=:8080
# No shell or curl in the image: the binary checks itself (it reads PROFILEMOCK_ADDR).
HEALTHCHECK --interval=10s --timeout=3s --start-period=2s --retries=3 CMD ["/profilemock", "healthcheck"]
ENTRYPOINT ["/profilemock"]
CMD ["serve"]
