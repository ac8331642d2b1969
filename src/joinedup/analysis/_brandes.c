/*
 * Brandes' betweenness accumulation for unweighted graphs, as a CPython
 * extension (joinedup.analysis._brandes).
 *
 * Brandes, U. (2001) "A faster algorithm for betweenness centrality",
 * Journal of Mathematical Sociology 25(2), 163-177.
 *
 * For each source s, a breadth-first search finds the levels L_0 = {s}, L_1,
 * ... (vertices at distance 0, 1, ... from s) and sigma[w], the number of
 * shortest s-w paths: sigma[w] is the sum of sigma over w's in-neighbours on
 * the level before. Then, deepest level first, the dependency
 *     delta[v] = sum over successors w of sigma[v] / sigma[w] * (1 + delta[w])
 * (successors: out-neighbours on the next level) is added to the raw
 * betweenness of v. With coef[w] = (1 + delta[w]) / sigma[w] = 1 / sigma[w] +
 * S(w), where S(v) is the sum of coef over v's successors, delta[v] =
 * sigma[v] * S(v): one division per vertex instead of one per tie.
 *
 * Each step between two levels runs either from the upper level along its
 * out-ties or from the lower level along its in-ties, whichever scans fewer
 * ties (for the search: Beamer, Asanovic & Patterson 2012, "Direction-
 * optimizing breadth-first search", SC'12). No predecessor lists are kept, and
 * the inner loops carry no distance tests, because of where ties can lead:
 * the out-neighbours of L_d lie on levels <= d + 1, and the in-neighbours of a
 * vertex not reached by the end of L_d lie on L_d or are not reached yet (else
 * it would have been reached earlier). So sums may take in every neighbour
 * as long as the values of the levels that must not count are zero (sigma of
 * the unreached, coef of the levels not yet swept), and scatters may write
 * into every neighbour as long as only the intended level is read afterwards.
 *
 * The graph comes as CSR arrays twice (int32 offsets of length n + 1, int32
 * targets): out-ties by tail and in-ties by head; an undirected graph lists
 * each tie both ways. The result is the raw sum over the given sources and all
 * targets, each ordered pair (s, t) once; the caller normalises. The GIL is
 * released while computing, so threads can each take a share of the sources.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Py_ssize_t n;
    int64_t ties;           /* m, the number of (directed) ties */
    const int32_t *out_off; /* CSR of out-ties */
    const int32_t *out_tgt;
    const int32_t *in_off;  /* CSR of in-ties (the same arrays when undirected) */
    const int32_t *in_tgt;
    int32_t *dist;          /* -1 when not reached */
    int32_t *order;         /* reached vertices, level by level */
    int32_t *pending;       /* not reached yet, for steps along in-ties */
    Py_ssize_t *level;      /* L_d is order[level[d] .. level[d + 1]) */
    int64_t *level_out;     /* sum of out-degrees over L_d */
    int64_t *level_in;      /* sum of in-degrees over L_d */
    double *sigma;          /* shortest paths from the source; 0 if not reached */
    double *next;           /* path counts gathered for the next level */
    double *coef;           /* (1 + delta) / sigma once swept, 0 before */
    double *acc;            /* S(v), the sum of coef over v's successors */
    double *out;
} Work;

#define OUT_DEGREE(w, v) ((int64_t)((w)->out_off[(v) + 1] - (w)->out_off[v]))
#define IN_DEGREE(w, v) ((int64_t)((w)->in_off[(v) + 1] - (w)->in_off[v]))

/* Search step from L_d along out-ties: unreached out-neighbours join L_d+1;
 * every out-neighbour's next count gets sigma[v] (read only for L_d+1). */
static Py_ssize_t
push_level(Work *w, int32_t d, Py_ssize_t tail)
{
    const int32_t *restrict off = w->out_off, *restrict tgt = w->out_tgt;
    int32_t *restrict dist = w->dist, *restrict order = w->order;
    const double *restrict sigma = w->sigma;
    double *restrict next = w->next;
    for (Py_ssize_t i = w->level[d]; i < w->level[d + 1]; i++) {
        int32_t v = order[i], end = off[v + 1];
        double sv = sigma[v];
        for (int32_t e = off[v]; e < end; e++) {
            int32_t u = tgt[e];
            int32_t du = dist[u];
            int32_t fresh = (int32_t)((uint32_t)du >> 31); /* 1 if unreached (-1) */
            order[tail] = u;
            tail += fresh;
            dist[u] = du + fresh * (d + 2); /* -1 becomes d + 1; others stay */
            next[u] += sv;
        }
    }
    return tail;
}

/* Search step along in-ties: each unreached vertex adds up sigma over its
 * in-neighbours, which are on L_d or unreached (sigma 0); any paths found,
 * it joins L_d+1. */
static Py_ssize_t
pull_level(Work *w, int32_t d, Py_ssize_t tail, Py_ssize_t *npending)
{
    const int32_t *restrict off = w->in_off, *restrict tgt = w->in_tgt;
    int32_t *restrict dist = w->dist, *restrict order = w->order;
    int32_t *restrict pending = w->pending;
    const double *restrict sigma = w->sigma;
    Py_ssize_t kept = 0;
    for (Py_ssize_t i = 0; i < *npending; i++) {
        int32_t u = pending[i];
        if (dist[u] >= 0) {
            continue; /* reached by an earlier step along out-ties */
        }
        double su = 0.0;
        for (int32_t e = off[u], end = off[u + 1]; e < end; e++) {
            su += sigma[tgt[e]];
        }
        if (su > 0.0) {
            dist[u] = d + 1;
            w->next[u] = su;
            order[tail++] = u;
        }
        else {
            pending[kept++] = u;
        }
    }
    *npending = kept;
    return tail;
}

/* After a step: fix sigma of the new level L_d+1 and add up its degrees. */
static void
close_level(Work *w, int32_t d, Py_ssize_t tail)
{
    w->level[d + 2] = tail;
    w->level_out[d + 1] = 0;
    w->level_in[d + 1] = 0;
    for (Py_ssize_t i = w->level[d + 1]; i < tail; i++) {
        int32_t u = w->order[i];
        w->sigma[u] = w->next[u];
        w->level_out[d + 1] += OUT_DEGREE(w, u);
        w->level_in[d + 1] += IN_DEGREE(w, u);
    }
}

/* Breadth-first search from s, level by level. Returns the deepest level. */
static int32_t
forward(Work *w, int32_t s)
{
    Py_ssize_t tail = 1, npending = -1;
    int64_t unreached_in = w->ties - IN_DEGREE(w, s);
    int32_t d = 0;
    w->dist[s] = 0;
    w->sigma[s] = 1.0;
    w->order[0] = s;
    w->level[0] = 0;
    w->level[1] = 1;
    w->level_out[0] = OUT_DEGREE(w, s);
    for (; w->level[d + 1] > w->level[d]; d++) {
        int64_t pull_cost = unreached_in + (npending < 0 ? w->n : npending);
        if (tail == w->n) {
            /* everyone is reached: the next level is empty */
        }
        else if (w->level_out[d] <= pull_cost) {
            tail = push_level(w, d, tail);
        }
        else {
            if (npending < 0) {
                for (Py_ssize_t v = 0; v < w->n; v++) {
                    w->pending[v] = (int32_t)v;
                }
                npending = w->n;
            }
            tail = pull_level(w, d, tail, &npending);
        }
        close_level(w, d, tail);
        unreached_in -= w->level_in[d + 1];
    }
    return d - 1;
}

/* S(v) for v on L_d from its out-neighbours: those on L_d+1 carry their coef,
 * those on L_0 .. L_d still have coef 0. */
static void
gather_level(Work *w, int32_t d)
{
    const int32_t *restrict off = w->out_off, *restrict tgt = w->out_tgt;
    const double *restrict coef = w->coef;
    for (Py_ssize_t i = w->level[d]; i < w->level[d + 1]; i++) {
        int32_t v = w->order[i];
        double sum = 0.0;
        for (int32_t e = off[v], end = off[v + 1]; e < end; e++) {
            sum += coef[tgt[e]];
        }
        w->acc[v] = sum;
    }
}

/* The same sums scattered from L_d+1 along its in-ties. Its in-neighbours off
 * L_d (deeper, or unreached) get sums too, which are never read. */
static void
scatter_level(Work *w, int32_t d)
{
    const int32_t *restrict off = w->in_off, *restrict tgt = w->in_tgt;
    double *restrict acc = w->acc;
    for (Py_ssize_t i = w->level[d]; i < w->level[d + 1]; i++) {
        acc[w->order[i]] = 0.0;
    }
    for (Py_ssize_t i = w->level[d + 1]; i < w->level[d + 2]; i++) {
        int32_t u = w->order[i], end = off[u + 1];
        double cu = w->coef[u];
        for (int32_t e = off[u]; e < end; e++) {
            acc[tgt[e]] += cu;
        }
    }
}

/* Dependencies, deepest level first: delta(v) = sigma(v) S(v) is added to
 * out and coef(v) = 1 / sigma(v) + S(v). The source, L_0, gets nothing. */
static void
backward(Work *w, int32_t depth)
{
    const double *sigma = w->sigma;
    for (Py_ssize_t i = w->level[depth]; i < w->level[depth + 1]; i++) {
        int32_t v = w->order[i];
        w->coef[v] = 1.0 / sigma[v];
    }
    for (int32_t d = depth - 1; d >= 1; d--) {
        if (w->level_out[d] <= w->level_in[d + 1]) {
            gather_level(w, d);
        }
        else {
            scatter_level(w, d);
        }
        for (Py_ssize_t i = w->level[d]; i < w->level[d + 1]; i++) {
            int32_t v = w->order[i];
            w->out[v] += sigma[v] * w->acc[v];
            w->coef[v] = 1.0 / sigma[v] + w->acc[v];
        }
    }
}

static void
run_sources(Work *w, const int32_t *sources, Py_ssize_t count)
{
    for (Py_ssize_t k = 0; k < count; k++) {
        int32_t depth = forward(w, sources[k]);
        backward(w, depth);
        /* Forget this search: only the vertices it reached were touched
         * (acc excepted, which is written before it is read). */
        for (Py_ssize_t i = 0; i < w->level[depth + 1]; i++) {
            int32_t v = w->order[i];
            w->dist[v] = -1;
            w->sigma[v] = 0.0;
            w->next[v] = 0.0;
            w->coef[v] = 0.0;
        }
    }
}

/* Get a 1-d C-contiguous buffer of the given item format ('i' int32, 'd' double). */
static int
get_array(PyObject *obj, Py_buffer *view, char kind, int writable, const char *name)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) {
        return -1;
    }
    const char *fmt = view->format ? view->format : "B";
    if (*fmt == '@' || *fmt == '=') {
        fmt++;
    }
    Py_ssize_t size = kind == 'i' ? 4 : 8;
    if (view->ndim != 1 || fmt[0] != kind || fmt[1] != '\0' || view->itemsize != size) {
        PyErr_Format(PyExc_TypeError, "%s must be a 1-d contiguous %s array", name,
                     kind == 'i' ? "int32" : "float64");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Check that a CSR pair describes ties among n vertices. */
static int
check_csr(const Py_buffer *off, const Py_buffer *tgt, Py_ssize_t n, const char *name)
{
    const int32_t *o = off->buf, *t = tgt->buf;
    Py_ssize_t m = tgt->shape[0];
    if (off->shape[0] != n + 1 || o[0] != 0 || o[n] != m) {
        PyErr_Format(PyExc_ValueError,
                     "%s offsets must have len(out) + 1 entries, from 0 to the number of ties",
                     name);
        return -1;
    }
    for (Py_ssize_t v = 0; v < n; v++) {
        if (o[v] > o[v + 1]) {
            PyErr_Format(PyExc_ValueError, "%s offsets must not decrease", name);
            return -1;
        }
    }
    for (Py_ssize_t e = 0; e < m; e++) {
        if (t[e] < 0 || t[e] >= n) {
            PyErr_Format(PyExc_ValueError, "%s targets must be vertices 0 .. n - 1", name);
            return -1;
        }
    }
    return 0;
}

static int
check_input(Py_buffer *views, Py_ssize_t n)
{
    const int32_t *s = views[4].buf;
    if (check_csr(&views[0], &views[1], n, "out-tie") < 0 ||
        check_csr(&views[2], &views[3], n, "in-tie") < 0) {
        return -1;
    }
    if (views[1].shape[0] != views[3].shape[0]) {
        PyErr_SetString(PyExc_ValueError, "out-ties and in-ties must be the same ties");
        return -1;
    }
    for (Py_ssize_t k = 0; k < views[4].shape[0]; k++) {
        if (s[k] < 0 || s[k] >= n) {
            PyErr_SetString(PyExc_ValueError, "sources must be vertices 0 .. n - 1");
            return -1;
        }
    }
    return 0;
}

static void
work_free(Work *w)
{
    free(w->dist);
    free(w->order);
    free(w->pending);
    free(w->level);
    free(w->level_out);
    free(w->level_in);
    free(w->sigma);
    free(w->next);
    free(w->coef);
    free(w->acc);
}

/* Allocate the per-call buffers (distances -1, path counts 0). */
static int
work_init(Work *w, Py_ssize_t n)
{
    size_t count = (size_t)n + 2;
    w->n = n;
    w->dist = malloc(count * sizeof(int32_t));
    w->order = malloc(count * sizeof(int32_t));
    w->pending = malloc(count * sizeof(int32_t));
    w->level = malloc(count * sizeof(Py_ssize_t));
    w->level_out = malloc(count * sizeof(int64_t));
    w->level_in = malloc(count * sizeof(int64_t));
    w->sigma = calloc(count, sizeof(double));
    w->next = calloc(count, sizeof(double));
    w->coef = calloc(count, sizeof(double));
    w->acc = calloc(count, sizeof(double));
    if (!w->dist || !w->order || !w->pending || !w->level || !w->level_out ||
        !w->level_in || !w->sigma || !w->next || !w->coef || !w->acc) {
        return -1;
    }
    memset(w->dist, 0xff, count * sizeof(int32_t));
    return 0;
}

static const char *const ARG_NAMES[6] = {
    "out_offsets", "out_targets", "in_offsets", "in_targets", "sources", "out",
};

static PyObject *
accumulate(PyObject *module, PyObject *args)
{
    PyObject *objs[6];
    Py_buffer views[6];
    Work w = {0};
    int got = 0, failed = 0;

    (void)module;
    if (!PyArg_ParseTuple(args, "OOOOOO:accumulate", &objs[0], &objs[1], &objs[2], &objs[3],
                          &objs[4], &objs[5])) {
        return NULL;
    }
    for (; got < 6; got++) {
        int is_out = got == 5;
        if (get_array(objs[got], &views[got], is_out ? 'd' : 'i', is_out, ARG_NAMES[got]) < 0) {
            failed = 1;
            break;
        }
    }
    if (!failed) {
        Py_ssize_t n = views[5].shape[0];
        if (check_input(views, n) < 0) {
            failed = 1;
        }
        else if (work_init(&w, n) < 0) {
            PyErr_NoMemory();
            failed = 1;
        }
        else {
            w.ties = views[1].shape[0];
            w.out_off = views[0].buf;
            w.out_tgt = views[1].buf;
            w.in_off = views[2].buf;
            w.in_tgt = views[3].buf;
            w.out = views[5].buf;
            Py_BEGIN_ALLOW_THREADS
            run_sources(&w, views[4].buf, views[4].shape[0]);
            Py_END_ALLOW_THREADS
        }
    }
    work_free(&w);
    for (int i = 0; i < got; i++) {
        PyBuffer_Release(&views[i]);
    }
    if (failed) {
        return NULL;
    }
    Py_RETURN_NONE;
}

PyDoc_STRVAR(accumulate_doc,
"accumulate(out_offsets, out_targets, in_offsets, in_targets, sources, out)\n--\n\n"
"Add to out[v] the Brandes dependencies of v from every source in sources:\n"
"the raw, unnormalised betweenness summed over those sources and all targets.\n"
"The ties are given twice in CSR form (int32 offsets of length n + 1, int32\n"
"targets), by tail (out-ties) and by head (in-ties); an undirected graph lists\n"
"each tie both ways and may pass the same arrays twice. out is a float64 array\n"
"of length n. The GIL is released while computing.");

static PyMethodDef methods[] = {
    {"accumulate", accumulate, METH_VARARGS, accumulate_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "joinedup.analysis._brandes",
    "Brandes' betweenness accumulation for unweighted graphs (C kernel).",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC
PyInit__brandes(void)
{
    return PyModule_Create(&module);
}
