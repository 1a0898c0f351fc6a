/*
 * A minimal UDP forwarder, the yardstick of bench/reflector-bench.sh: it reads datagrams on one socket and
 * sends each one's bytes after a fixed-size header, unchecked, to one fixed destination, from the same
 * socket. It does the reflector's I/O and none of its checks, so it shows what the kernel alone costs.
 *
 *   forwarder BIND_IP HEADER_BYTES DEST_IP DEST_PORT BATCH
 *
 * Binds BIND_IP on a free port and prints that port on stdout. BATCH 1 uses recvfrom/sendto, one system
 * call per datagram each way, as the Java reflector does; BATCH > 1 uses recvmmsg/sendmmsg with up to
 * BATCH datagrams per call. Runs until killed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_BATCH 256
#define MAX_DATAGRAM 2048

static unsigned char buffers[MAX_BATCH][MAX_DATAGRAM];

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void forward_one_by_one(int fd, size_t header, const struct sockaddr_in *to) {
    unsigned char *buffer = buffers[0];
    for (;;) {
        ssize_t n = recvfrom(fd, buffer, MAX_DATAGRAM, 0, NULL, NULL);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("recvfrom");
        }
        if ((size_t) n <= header) continue;
        if (sendto(fd, buffer + header, (size_t) n - header, 0, (const struct sockaddr *) to, sizeof *to) < 0
                && errno != EAGAIN && errno != ENOBUFS && errno != ECONNREFUSED && errno != EINTR) {
            die("sendto");
        }
    }
}

static void forward_in_batches(int fd, size_t header, const struct sockaddr_in *to, unsigned batch) {
    static struct mmsghdr in[MAX_BATCH], out[MAX_BATCH];
    static struct iovec in_iov[MAX_BATCH], out_iov[MAX_BATCH];
    for (unsigned i = 0; i < batch; i++) {
        in_iov[i].iov_base = buffers[i];
        in_iov[i].iov_len = MAX_DATAGRAM;
        in[i].msg_hdr.msg_iov = &in_iov[i];
        in[i].msg_hdr.msg_iovlen = 1;
        out[i].msg_hdr.msg_iov = &out_iov[i];
        out[i].msg_hdr.msg_iovlen = 1;
        out[i].msg_hdr.msg_name = (void *) to;
        out[i].msg_hdr.msg_namelen = sizeof *to;
    }
    for (;;) {
        int n = recvmmsg(fd, in, batch, MSG_WAITFORONE, NULL);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("recvmmsg");
        }
        unsigned count = 0;
        for (int i = 0; i < n; i++) {
            if (in[i].msg_len <= header) continue;
            out_iov[count].iov_base = buffers[i] + header;
            out_iov[count].iov_len = in[i].msg_len - header;
            count++;
        }
        for (unsigned sent = 0; sent < count;) {
            int m = sendmmsg(fd, out + sent, count - sent, 0);
            if (m < 0) {
                if (errno == EINTR || errno == EAGAIN || errno == ENOBUFS || errno == ECONNREFUSED) break;
                die("sendmmsg");
            }
            sent += (unsigned) m;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s BIND_IP HEADER_BYTES DEST_IP DEST_PORT BATCH\n", argv[0]);
        return 2;
    }
    struct sockaddr_in bind_to = {.sin_family = AF_INET, .sin_port = 0};
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short) atoi(argv[4]))};
    size_t header = (size_t) atoi(argv[2]);
    unsigned batch = (unsigned) atoi(argv[5]);
    if (inet_pton(AF_INET, argv[1], &bind_to.sin_addr) != 1 || inet_pton(AF_INET, argv[3], &to.sin_addr) != 1
            || header >= MAX_DATAGRAM || batch < 1 || batch > MAX_BATCH) {
        fprintf(stderr, "forwarder: bad arguments\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) die("socket");
    /* The kernel's default buffer sizes, as the reflector's socket has. */
    if (bind(fd, (struct sockaddr *) &bind_to, sizeof bind_to) < 0) die("bind");
    socklen_t length = sizeof bind_to;
    if (getsockname(fd, (struct sockaddr *) &bind_to, &length) < 0) die("getsockname");
    printf("%d\n", ntohs(bind_to.sin_port));
    fflush(stdout);
    if (batch == 1) {
        forward_one_by_one(fd, header, &to);
    } else {
        forward_in_batches(fd, header, &to, batch);
    }
    return 0;
}
