/*
 * forced-reads FLOOR_FILE [[-z] PATH]...: the floor of a view that must stay fresh. Run by the reader as
 * its child, so in the reader's cgroups, pid namespace and CPUs. Each timed iteration is one read of the
 * C floor's constant file (open, read to EOF, close: the FUSE round trips no server can remove) followed
 * by the pseudo-files a view cannot avoid reading on every read to serve fresh numbers, which no server
 * can remove either. They are opened once and read again with pread at offset 0, which makes the kernel
 * render them afresh, and read to the end as the daemon reads them: a short read ends a file (a cgroup
 * file or a single-record /proc file is one seq_file record), except those marked -z, read until pread
 * returns 0 (a file of many records, such as /proc/swaps).
 *
 * Commands on stdin, one a line; each answers with one line of space-separated microseconds:
 *   reads N  N iterations of the floor's read plus every PATH's;
 *   check N  N iterations of the check the daemon makes on every read of a caller it has seen before (its
 *            choice of method, not forced): one pidfd_send_signal of signal 0 on the caller's pinned pidfd;
 *   ident N  N iterations of what identifies a caller seen once (the daemon's choice, not forced): one
 *            readlink of /proc/PID/ns/pid and one pidfd_send_signal of signal 0 on the pidfd of the init of
 *            that namespace, whose container the daemon has cached.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_FILES 16

struct kept {
    const char *path;
    int fd;
    int to_zero;
};

static struct kept files[MAX_FILES];
static int nfiles;
static const char *floor_file;
/* Larger than any file read here, so that a single-record file comes in one pread, as in the daemon. */
static char buffer[65536];

static double now_micros(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void fail(const char *what, const char *path)
{
    fprintf(stderr, "forced-reads: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static void read_floor(void)
{
    int fd = open(floor_file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail("open", floor_file);
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        ;
    if (n < 0)
        fail("read", floor_file);
    close(fd);
}

static void read_kept(const struct kept *f)
{
    off_t offset = 0;
    for (;;) {
        ssize_t n = pread(f->fd, buffer, sizeof buffer, offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail("pread", f->path);
        }
        if (n == 0 || (!f->to_zero && (size_t)n < sizeof buffer))
            return;
        offset += n;
    }
}

static void measure_reads(long count)
{
    for (long i = 0; i < count; i++) {
        double start = now_micros();
        read_floor();
        for (int k = 0; k < nfiles; k++)
            read_kept(&files[k]);
        printf(i ? " %.3f" : "%.3f", now_micros() - start);
    }
    printf("\n");
}

static void measure_check(long count)
{
    /* This process stands in for the caller the daemon holds a pidfd on. */
    int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    if (pidfd < 0)
        fail("pidfd_open", "self");
    for (long i = 0; i < count; i++) {
        double start = now_micros();
        if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) != 0)
            fail("pidfd_send_signal", "self");
        printf(i ? " %.3f" : "%.3f", now_micros() - start);
    }
    printf("\n");
    close(pidfd);
}

static void measure_ident(long count)
{
    /* The daemon names a caller by its pid in the host's pid namespace (which FUSE gives it) and holds a
     * pidfd on the init of the caller's pid namespace; this process's own stand in for both. */
    char self[32], ns_path[64], link[64];
    ssize_t n = readlink("/proc/self", self, sizeof self - 1);
    if (n < 0)
        fail("readlink", "/proc/self");
    self[n] = 0;
    snprintf(ns_path, sizeof ns_path, "/proc/%s/ns/pid", self);
    int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    if (pidfd < 0)
        fail("pidfd_open", "self");
    for (long i = 0; i < count; i++) {
        double start = now_micros();
        if (readlink(ns_path, link, sizeof link) < 0)
            fail("readlink", ns_path);
        if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) != 0)
            fail("pidfd_send_signal", "self");
        printf(i ? " %.3f" : "%.3f", now_micros() - start);
    }
    printf("\n");
    close(pidfd);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: forced-reads FLOOR_FILE [[-z] PATH]...\n");
        return 2;
    }
    floor_file = argv[1];
    for (int i = 2; i < argc; i++) {
        int to_zero = strcmp(argv[i], "-z") == 0;
        if (to_zero && ++i == argc)
            break;
        if (nfiles == MAX_FILES) {
            fprintf(stderr, "forced-reads: more than %d files\n", MAX_FILES);
            return 2;
        }
        struct kept *f = &files[nfiles++];
        f->path = argv[i];
        f->to_zero = to_zero;
        f->fd = open(f->path, O_RDONLY | O_CLOEXEC);
        if (f->fd < 0)
            fail("open", f->path);
        read_kept(f); /* the first read sizes the seq_file buffer, as the daemon's first read does */
    }

    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        char command[16];
        long count;
        if (sscanf(line, "%15s %ld", command, &count) != 2 || count <= 0) {
            fprintf(stderr, "forced-reads: bad command: %s", line);
            return 2;
        }
        if (strcmp(command, "reads") == 0)
            measure_reads(count);
        else if (strcmp(command, "check") == 0)
            measure_check(count);
        else if (strcmp(command, "ident") == 0)
            measure_ident(count);
        else {
            fprintf(stderr, "forced-reads: unknown command %s\n", command);
            return 2;
        }
        fflush(stdout);
    }
    return 0;
}
