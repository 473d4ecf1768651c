/*
 * container-readers [-r ROUNDS] [-m MEMORY_BYTES] [-q QUOTA_US] [-p PERIOD_US] -n N FILE FLOOR_FILE CGROUP_DIR...
 *
 * The scale run's N containers: N processes, each in its own cgroup (CGROUP_DIR/c<i> in every given
 * controller directory, made here with a memory limit and a CFS quota) and each the init of its own pid
 * namespace, alive at once. The coordinator visits them round-robin, so consecutive reads come from
 * different containers and a server that resolves callers must keep all N in its caches; each visit
 * reads FILE and FLOOR_FILE once (open, read to EOF, close), alternating which comes first. The
 * container times its own reads; the coordinator only says when. Prints one line of key=value figures
 * in microseconds: the first read of each container (cold: the server meets it for the first time)
 * apart from the rest (warm), and FLOOR_FILE's warm reads for reference. Removes everything it made.
 *
 * The process tree stays small: a container's init is reparented to the coordinator (a subreaper) and
 * the process that made its namespace exits, so N containers are N processes of a few hundred KiB.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { READ_FILE = 'o', READ_FLOOR = 'f' };

/* What a container sends back: who, the read's duration, and errno (0 when the read worked). */
struct result {
    int32_t container;
    int32_t error;
    int64_t nanos;
};

struct config {
    int count, rounds;
    long long memory, quota, period;
    const char *file, *floor;
    char **dirs;
    int ndirs;
};

static volatile sig_atomic_t stopping;

static void on_stop(int signo)
{
    (void)signo;
    stopping = 1;
}

static int64_t now_nanos(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int write_file(const char *dir, const char *name, const char *value)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1; /* this controller has no such file */
    ssize_t n = write(fd, value, strlen(value));
    int saved = errno;
    close(fd);
    errno = saved;
    return n < 0 ? -1 : 0;
}

/* A new v1 cpuset cgroup starts with no CPUs and no memory nodes: give it its parent's. */
static int inherit_file(const char *parent, const char *child, const char *name)
{
    char path[PATH_MAX], value[256] = {0};
    snprintf(path, sizeof path, "%s/%s", parent, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    ssize_t n = read(fd, value, sizeof value - 1);
    close(fd);
    return n <= 0 ? -1 : write_file(child, name, value);
}

static void child_dir(char *out, size_t size, const char *dir, int i)
{
    snprintf(out, size, "%s/c%d", dir, i);
}

/* Makes container i's cgroup in every controller directory; each limit goes where its file exists. */
static int make_cgroup(const struct config *c, int i)
{
    char mem[32], quota[32], period[32], cpumax[64], dir[PATH_MAX];
    snprintf(mem, sizeof mem, "%lld", c->memory);
    snprintf(quota, sizeof quota, "%lld", c->quota);
    snprintf(period, sizeof period, "%lld", c->period);
    snprintf(cpumax, sizeof cpumax, "%lld %lld", c->quota, c->period);
    for (int d = 0; d < c->ndirs; d++) {
        child_dir(dir, sizeof dir, c->dirs[d], i);
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return -1;
        /* The period first: v1 refuses a quota below 1 ms, checked against the period in force. */
        if (write_file(dir, "memory.limit_in_bytes", mem) || write_file(dir, "memory.max", mem) ||
            write_file(dir, "cpu.cfs_period_us", period) || write_file(dir, "cpu.cfs_quota_us", quota) ||
            write_file(dir, "cpu.max", cpumax) || inherit_file(c->dirs[d], dir, "cpuset.cpus") ||
            inherit_file(c->dirs[d], dir, "cpuset.mems"))
            return -1;
    }
    return 0;
}

/* A cgroup whose last process has just been reaped can still be busy for a moment. */
static void remove_cgroup(const struct config *c, int i)
{
    char dir[PATH_MAX];
    for (int d = 0; d < c->ndirs; d++) {
        child_dir(dir, sizeof dir, c->dirs[d], i);
        for (int attempt = 0; attempt < 50 && rmdir(dir) != 0 && errno == EBUSY; attempt++)
            usleep(2000);
    }
}

static int timed_read(const char *path, int64_t *nanos)
{
    static char buffer[65536];
    int64_t start = now_nanos();
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    ssize_t n, total = 0;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        total += n;
    int error = n < 0 ? errno : total == 0 ? ENODATA : 0;
    close(fd);
    *nanos = now_nanos() - start;
    return error;
}

/* The container's init: one byte in, one timed read, one result out, until its command pipe closes. */
static _Noreturn void serve(const struct config *c, int i, int commands, int results)
{
    struct result r = {.container = i};
    write(results, &r, sizeof r); /* ready */
    char command;
    while (read(commands, &command, 1) == 1) {
        r.error = timed_read(command == READ_FLOOR ? c->floor : c->file, &r.nanos);
        if (write(results, &r, sizeof r) != sizeof r)
            break;
    }
    _exit(0);
}

/* Closes every descriptor but stdio and the two given (inherited from earlier containers' pipes). */
static void close_others(int a, int b)
{
    int low = a < b ? a : b, high = a < b ? b : a;
    if (low > 3)
        close_range(3, low - 1, 0);
    if (high > low + 1)
        close_range(low + 1, high - 1, 0);
    close_range(high + 1, ~0U, 0);
}

/* Forks container i: enters its cgroup, makes a pid namespace, and its first child serves as pid 1. */
static pid_t start_container(const struct config *c, int i, int commands, int results)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    close_others(commands, results);
    char dir[PATH_MAX];
    for (int d = 0; d < c->ndirs; d++) {
        child_dir(dir, sizeof dir, c->dirs[d], i);
        if (write_file(dir, "cgroup.procs", "0") != 0) {
            perror("container-readers: cgroup.procs");
            _exit(1);
        }
    }
    if (unshare(CLONE_NEWPID) != 0) {
        perror("container-readers: unshare");
        _exit(1);
    }
    pid_t init = fork();
    if (init == 0)
        serve(c, i, commands, results);
    _exit(init < 0 ? 1 : 0);
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void summary(const char *name, double *v, int n)
{
    if (n == 0) {
        printf(" %s_p50=nan %s_mean=nan", name, name);
        return;
    }
    double sum = 0;
    for (int k = 0; k < n; k++)
        sum += v[k];
    qsort(v, n, sizeof *v, compare);
    printf(" %s_p50=%.1f %s_mean=%.1f", name, v[n / 2], name, sum / n);
}

static void usage(void)
{
    fprintf(stderr, "usage: container-readers [-r ROUNDS] [-m MEMORY_BYTES] [-q QUOTA_US] [-p PERIOD_US] -n N FILE FLOOR_FILE CGROUP_DIR...\n");
    exit(2);
}

static void parse(int argc, char **argv, struct config *c)
{
    *c = (struct config){.rounds = 4, .memory = 1LL << 30, .quota = 100000, .period = 100000};
    int opt;
    while ((opt = getopt(argc, argv, "n:r:m:q:p:")) != -1) {
        switch (opt) {
        case 'n': c->count = atoi(optarg); break;
        case 'r': c->rounds = atoi(optarg); break;
        case 'm': c->memory = atoll(optarg); break;
        case 'q': c->quota = atoll(optarg); break;
        case 'p': c->period = atoll(optarg); break;
        default: usage();
        }
    }
    if (c->count < 1 || c->rounds < 2 || argc - optind < 3)
        usage();
    c->file = argv[optind];
    c->floor = argv[optind + 1];
    c->dirs = argv + optind + 2;
    c->ndirs = argc - optind - 2;
}

/* Each container holds the read end of its command pipe; the coordinator needs N write ends at once. */
static void raise_descriptor_limit(int count)
{
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < (rlim_t)count + 64 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int main(int argc, char **argv)
{
    struct config c;
    parse(argc, argv, &c);
    raise_descriptor_limit(c.count);
    struct sigaction stop = {.sa_handler = on_stop};
    sigaction(SIGTERM, &stop, NULL);
    sigaction(SIGINT, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* Orphaned container inits come to us, so we can reap them and know their cgroups are empty. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);

    /* On cgroup v2 a child gets only the controllers its parent hands down; v1 has no such file. */
    for (int d = 0; d < c.ndirs; d++) {
        write_file(c.dirs[d], "cgroup.subtree_control", "+memory");
        write_file(c.dirs[d], "cgroup.subtree_control", "+cpu");
        write_file(c.dirs[d], "cgroup.subtree_control", "+cpuset");
    }
    int *commands = calloc(c.count, sizeof *commands);
    pid_t *makers = calloc(c.count, sizeof *makers);
    int results[2];
    if (!commands || !makers || pipe2(results, O_CLOEXEC) != 0) {
        perror("container-readers");
        return 1;
    }
    int made = 0, started = 0, status = 0;
    int64_t t0 = now_nanos();
    for (; made < c.count && !stopping; made++) {
        int pipe_fds[2];
        if (make_cgroup(&c, made) != 0 || pipe2(pipe_fds, O_CLOEXEC) != 0) {
            perror("container-readers: cgroup or pipe");
            made++;
            status = 1;
            break;
        }
        pid_t pid = start_container(&c, made, pipe_fds[0], results[1]);
        close(pipe_fds[0]);
        commands[made] = pipe_fds[1];
        if (pid < 0) {
            perror("container-readers: fork");
            close(pipe_fds[1]);
            made++;
            status = 1;
            break;
        }
        makers[started++] = pid;
    }
    close(results[1]);
    struct result r;
    for (int ready = 0; ready < started; ready++)
        if (read(results[0], &r, sizeof r) != sizeof r) {
            status = 1;
            break;
        }
    /* Reaped only now, so that making the next container never waits for the last one's to exit. */
    for (int i = 0; i < started; i++)
        waitpid(makers[i], NULL, 0);
    double setup_ms = (now_nanos() - t0) / 1e6;

    int total = c.count * c.rounds;
    double *cold = calloc(c.count, sizeof *cold), *warm = calloc(total, sizeof *warm), *floor = calloc(total, sizeof *floor);
    int ncold = 0, nwarm = 0, nfloor = 0, failures = 0, last_error = 0;
    int64_t t1 = now_nanos();
    for (int round = 0; round < c.rounds && status == 0 && !stopping; round++) {
        for (int i = 0; i < c.count && status == 0 && !stopping; i++) {
            /* Alternate the order so that whatever the first read of a visit pays falls on both alike. */
            char order[2] = {round % 2 ? READ_FLOOR : READ_FILE, round % 2 ? READ_FILE : READ_FLOOR};
            for (int k = 0; k < 2; k++) {
                if (write(commands[i], &order[k], 1) != 1 || read(results[0], &r, sizeof r) != sizeof r) {
                    status = 1;
                    break;
                }
                if (r.error) {
                    failures++;
                    last_error = r.error;
                    continue;
                }
                double micros = r.nanos / 1e3;
                if (order[k] == READ_FLOOR)
                    floor[nfloor++] = micros;
                else if (round == 0)
                    cold[ncold++] = micros;
                else
                    warm[nwarm++] = micros;
            }
        }
    }
    double run_ms = (now_nanos() - t1) / 1e6;

    int64_t t2 = now_nanos();
    for (int i = 0; i < started; i++)
        close(commands[i]); /* the containers read EOF and exit */
    while (wait(NULL) > 0 || errno == EINTR)
        ;
    for (int i = 0; i < made; i++)
        remove_cgroup(&c, i);
    double teardown_ms = (now_nanos() - t2) / 1e6;

    if (stopping)
        return 130;
    printf("n=%d rounds=%d setup_ms=%.0f run_ms=%.0f teardown_ms=%.0f failures=%d", c.count, c.rounds, setup_ms, run_ms, teardown_ms, failures);
    if (failures)
        printf(" last_error=%s", strerror(last_error));
    summary("cold", cold, ncold);
    summary("warm", warm, nwarm);
    summary("floor", floor, nfloor);
    printf("\n");
    return status;
}
