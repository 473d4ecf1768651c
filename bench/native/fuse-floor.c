/*
 * fuse-floor MOUNTPOINT: the benchmark's floor. A do-nothing FUSE server spoken straight over /dev/fuse,
 * one thread, serving one constant 16-byte file, MOUNTPOINT/floor. Whatever a read of it costs is the
 * kernel's round trips and the context switches between reader and server: the part of every figure
 * that no server, however fast, can remove. Unmounts and exits on SIGTERM or SIGINT.
 *
 * The file has the shape of the daemon's files, so that the comparison is like for like: OPEN answers
 * FOPEN_DIRECT_IO|FOPEN_NOFLUSH (every read reaches the server, close() sends no FLUSH), names are
 * cached for an hour and file attributes for a second, the same INIT flags are wanted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define ROOT_ID FUSE_ROOT_ID
#define FILE_ID 2
#define FILE_NAME "floor"

static const char content[16] = "0123456789abcde\n";

/* The kernel wants a read buffer of at least max_write plus the headers, and never less than 8 KiB. */
#define MAX_WRITE 4096
static char request[MAX_WRITE + 65536];

static volatile sig_atomic_t stopping;

static void on_stop(int signo)
{
    (void)signo;
    stopping = 1;
}

/* One reply per write(2): the header and the payload together, as the protocol requires. */
static void reply(int fd, uint64_t unique, int error, const void *payload, size_t size)
{
    struct fuse_out_header out = {.len = sizeof out + size, .error = error, .unique = unique};
    struct iovec iov[2] = {{&out, sizeof out}, {(void *)payload, size}};
    /* ENOENT: the request was interrupted and is gone; nothing else is expected, and nothing to do. */
    if (writev(fd, iov, size ? 2 : 1) < 0 && errno != ENOENT)
        perror("fuse-floor: writev");
}

static void fill_attr(struct fuse_attr *attr, uint64_t id)
{
    memset(attr, 0, sizeof *attr);
    attr->ino = id;
    attr->nlink = id == ROOT_ID ? 2 : 1;
    attr->mode = id == ROOT_ID ? (S_IFDIR | 0555) : (S_IFREG | 0444);
    attr->size = id == ROOT_ID ? 0 : sizeof content;
    attr->blksize = 4096;
}

/* The daemon's timeouts: the tree never changes (an hour for names), a file's size may (a second). */
static void set_timeouts(uint64_t *valid, uint32_t *nsec, uint64_t id)
{
    *valid = id == ROOT_ID ? 3600 : 1;
    *nsec = 0;
}

static void on_init(int fd, const struct fuse_in_header *in, const struct fuse_init_in *init)
{
    struct fuse_init_out out = {0};
    out.major = FUSE_KERNEL_VERSION;
    if (init->major != FUSE_KERNEL_VERSION) {
        /* Another major: offer ours and wait for the kernel to ask again. */
        reply(fd, in->unique, 0, &out, sizeof out);
        return;
    }
    /* The layouts written here are those of the header compiled against, never newer. */
    out.minor = init->minor < FUSE_KERNEL_MINOR_VERSION ? init->minor : FUSE_KERNEL_MINOR_VERSION;
    out.max_readahead = init->max_readahead;
    out.flags = init->flags & (FUSE_ASYNC_READ | FUSE_PARALLEL_DIROPS | FUSE_ABORT_ERROR);
    out.max_write = MAX_WRITE;
    out.time_gran = 1;
    reply(fd, in->unique, 0, &out, sizeof out);
}

static void on_lookup(int fd, const struct fuse_in_header *in, const char *name)
{
    if (in->nodeid != ROOT_ID || strcmp(name, FILE_NAME) != 0) {
        reply(fd, in->unique, -ENOENT, NULL, 0);
        return;
    }
    struct fuse_entry_out out = {.nodeid = FILE_ID, .entry_valid = 3600};
    fill_attr(&out.attr, FILE_ID);
    set_timeouts(&out.attr_valid, &out.attr_valid_nsec, FILE_ID);
    reply(fd, in->unique, 0, &out, sizeof out);
}

static void on_getattr(int fd, const struct fuse_in_header *in)
{
    if (in->nodeid != ROOT_ID && in->nodeid != FILE_ID) {
        reply(fd, in->unique, -ENOENT, NULL, 0);
        return;
    }
    struct fuse_attr_out out = {0};
    fill_attr(&out.attr, in->nodeid);
    set_timeouts(&out.attr_valid, &out.attr_valid_nsec, in->nodeid);
    reply(fd, in->unique, 0, &out, sizeof out);
}

static void on_open(int fd, const struct fuse_in_header *in, const struct fuse_open_in *open)
{
    if (in->nodeid != FILE_ID) {
        reply(fd, in->unique, in->nodeid == ROOT_ID ? -EISDIR : -ENOENT, NULL, 0);
        return;
    }
    /* No default_permissions on the mount, so the kernel checks no mode bits: refuse writers here. */
    if ((open->flags & O_ACCMODE) != O_RDONLY) {
        reply(fd, in->unique, -EACCES, NULL, 0);
        return;
    }
    struct fuse_open_out out = {.fh = 1, .open_flags = FOPEN_DIRECT_IO | FOPEN_NOFLUSH};
    reply(fd, in->unique, 0, &out, sizeof out);
}

static void on_read(int fd, const struct fuse_in_header *in, const struct fuse_read_in *read)
{
    size_t offset = read->offset < sizeof content ? read->offset : sizeof content;
    size_t size = sizeof content - offset;
    if (size > read->size)
        size = read->size;
    reply(fd, in->unique, 0, content + offset, size);
}

static void on_statfs(int fd, const struct fuse_in_header *in)
{
    /* Answered with zeros: an ENOSYS here would make statvfs(3) fail, and is not remembered. */
    struct fuse_statfs_out out = {.st = {.bsize = 4096, .frsize = 4096, .namelen = 255}};
    reply(fd, in->unique, 0, &out, sizeof out);
}

static void dispatch(int fd, const struct fuse_in_header *in, const void *body)
{
    switch (in->opcode) {
    case FUSE_INIT:
        on_init(fd, in, body);
        break;
    case FUSE_LOOKUP:
        on_lookup(fd, in, body);
        break;
    case FUSE_GETATTR:
        on_getattr(fd, in);
        break;
    case FUSE_OPEN:
        on_open(fd, in, body);
        break;
    case FUSE_READ:
        on_read(fd, in, body);
        break;
    case FUSE_FLUSH:
    case FUSE_RELEASE:
        reply(fd, in->unique, 0, NULL, 0);
        break;
    case FUSE_STATFS:
        on_statfs(fd, in);
        break;
    case FUSE_FORGET:
    case FUSE_BATCH_FORGET:
        /* The kernel expects no reply; the tree is fixed, so there is nothing to forget. */
        break;
    default:
        /* GETXATTR, LISTXATTR, OPENDIR and the rest: the kernel remembers most ENOSYS and stops asking. */
        reply(fd, in->unique, -ENOSYS, NULL, 0);
        break;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuse-floor MOUNTPOINT\n");
        return 2;
    }
    const char *mountpoint = argv[1];
    /* No SA_RESTART: the blocked read of /dev/fuse returns EINTR and the loop sees the flag. */
    struct sigaction stop = {.sa_handler = on_stop};
    sigaction(SIGTERM, &stop, NULL);
    sigaction(SIGINT, &stop, NULL);

    int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        perror("fuse-floor: open /dev/fuse");
        return 1;
    }
    char data[128];
    snprintf(data, sizeof data, "fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other", fd);
    if (mount("floor", mountpoint, "fuse.floor", MS_NOSUID | MS_NODEV, data) != 0) {
        perror("fuse-floor: mount");
        return 1;
    }

    int status = 0;
    while (!stopping) {
        ssize_t n = read(fd, request, sizeof request);
        if (n < 0) {
            if (errno == EINTR || errno == ENOENT || errno == EAGAIN)
                continue;
            /* ENODEV: unmounted from outside; anything else ends the connection too. */
            if (errno != ENODEV) {
                perror("fuse-floor: read /dev/fuse");
                status = 1;
            }
            break;
        }
        if ((size_t)n < sizeof(struct fuse_in_header))
            continue;
        const struct fuse_in_header *in = (const void *)request;
        dispatch(fd, in, request + sizeof *in);
    }
    if (umount2(mountpoint, 0) != 0 && errno != EINVAL)
        umount2(mountpoint, MNT_DETACH);
    close(fd);
    return status;
}
