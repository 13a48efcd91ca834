/* Native versions of the per-message steps that dominate reading a large capture: the pcap record loop with the
 * decoding of plain Ethernet/IPv4/UDP frames (sipcodes.capture._pcap, _packets), reading the grouping fields of a
 * plain SIP message (sipcodes.sip._brief.brief), and grouping messages into calls and transactions
 * (sipcodes.calls.Grouper.add).
 *
 * All are optional accelerators of Python code that stays the reference. Each answers only the plain cases and
 * leaves anything else to the Python code (a frame handed back, None, or a call of Grouper.add); where they
 * answer, they give exactly what the Python code gives (tests/test_speedups.py compares both on every capture
 * and log the tests hold and on generated and mutated messages).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

/* character classes, filled once at import */
static unsigned char is_token[256];    /* RFC 3261 token: alphanumerics and -.!%*_+`'~ */
static unsigned char is_value[256];    /* a plain parameter value: token characters and : [ ] */
static unsigned char is_host[256];     /* a host name or IPv4 address: alphanumerics . - */
static unsigned char is_v6[256];       /* inside [ ] of an IPv6 reference: hex digits : . */
static unsigned char is_plain[256];    /* what a plain header line is made of: printable ASCII and tab */
static unsigned char may_name_field[256]; /* the first letters of Via, To, From, Call-ID, CSeq and their short forms */

static PyObject *brief_type = NULL;    /* sipcodes.sip._brief.Brief, a tuple subclass */

static void
fill_classes(void)
{
    const char *token_extra = "-.!%*_+`'~";
    for (int c = 0; c < 256; c++) {
        int alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        is_token[c] = alnum || (c && strchr(token_extra, c) != NULL);
        is_value[c] = is_token[c] || c == ':' || c == '[' || c == ']';
        is_host[c] = alnum || c == '.' || c == '-';
        is_plain[c] = (c >= 0x20 && c < 0x7F) || c == '\t';
        is_v6[c] = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
        may_name_field[c] = c && strchr("vtficVTFIC", c) != NULL;
    }
}

typedef struct {
    const char *p;
    Py_ssize_t n;
} span;

static inline span
strip(const char *p, Py_ssize_t n)
{
    while (n > 0 && (p[0] == ' ' || p[0] == '\t')) {
        p++;
        n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    span s = {p, n};
    return s;
}

static inline int
same_name(const char *p, Py_ssize_t n, const char *lower)
{
    Py_ssize_t k = (Py_ssize_t)strlen(lower);
    if (n != k)
        return 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != lower[i])
            return 0;
    }
    return 1;
}

/* Reads `;name[=value]` parameters filling p[0:n] entirely; returns 0 when they are not all of that plain form.
 * On success *found is the value of the first parameter called `wanted` (any case): its span, or a null p when
 * the parameter has no value; found->n is -1 when the parameter is absent. */
static int
plain_params(const char *p, Py_ssize_t n, const char *wanted, span *found)
{
    Py_ssize_t i = 0;
    found->p = NULL;
    found->n = -1;
    while (i < n) {
        if (p[i] != ';')
            return 0;
        i++;
        Py_ssize_t name = i;
        while (i < n && is_token[(unsigned char)p[i]])
            i++;
        if (i == name)
            return 0;
        Py_ssize_t name_end = i;
        const char *value = NULL;
        Py_ssize_t value_n = 0;
        if (i < n && p[i] == '=') {
            i++;
            Py_ssize_t start = i;
            while (i < n && is_value[(unsigned char)p[i]])
                i++;
            if (i == start)
                return 0;
            value = p + start;
            value_n = i - start;
        }
        if (found->n < 0 && same_name(p + name, name_end - name, wanted)) {
            found->p = value;
            found->n = value ? value_n : 0;
        }
    }
    return 1;
}

/* The topmost Via entry in its plain form (SIP/2.0/TRANSPORT host[:port] then plain parameters); 0 otherwise. */
static int
plain_via(const char *p, Py_ssize_t n, span *branch)
{
    Py_ssize_t i = 8;
    if (n < 8 || memcmp(p, "SIP/2.0/", 8) != 0)
        return 0;
    Py_ssize_t start = i;
    while (i < n && ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')))
        i++;
    if (i == start || i >= n || p[i] != ' ')
        return 0;
    i++;
    start = i;
    if (i < n && p[i] == '[') {
        i++;
        start = i;
        while (i < n && is_v6[(unsigned char)p[i]])
            i++;
        if (i == start || i >= n || p[i] != ']')
            return 0;
        i++;
    } else {
        while (i < n && is_host[(unsigned char)p[i]])
            i++;
        if (i == start)
            return 0;
    }
    if (i < n && p[i] == ':') {
        i++;
        start = i;
        while (i < n && p[i] >= '0' && p[i] <= '9')
            i++;
        if (i == start || i - start > 5)
            return 0;
    }
    return plain_params(p + i, n - i, "branch", branch);
}

/* A name-addr in its plain form: an optional display name (token words, or a quoted string without escapes), a
 * URI in < > without spaces or quotes, then plain parameters; 0 otherwise. */
static int
plain_address(const char *p, Py_ssize_t n, span *tag)
{
    Py_ssize_t i = 0;
    if (n == 0)
        return 0;
    if (p[0] == '"') {
        i = 1;
        while (i < n && p[i] != '"' && p[i] != '\\')
            i++;
        if (i >= n || p[i] != '"')
            return 0;
        i++;
        if (i < n && p[i] == ' ')
            i++;
    } else if (p[0] != '<') {
        for (;;) {
            Py_ssize_t start = i;
            while (i < n && is_token[(unsigned char)p[i]])
                i++;
            if (i == start || i >= n || p[i] != ' ')
                return 0;
            i++;
            if (i < n && p[i] == '<')
                break;
        }
    }
    if (i >= n || p[i] != '<')
        return 0;
    i++;
    while (i < n && p[i] != '>') {
        char c = p[i];
        if (c == '<' || c == '"' || c == ' ' || c == '\t')
            return 0;
        i++;
    }
    if (i >= n)
        return 0;
    i++;
    return plain_params(p + i, n - i, "tag", tag);
}

/* where `needle` (2 or 4 bytes) first occurs in p[0:n], or NULL */
static const char *
find(const char *p, Py_ssize_t n, const char *needle, Py_ssize_t k)
{
    const char *stop = p + n - k;
    while (p <= stop) {
        const char *hit = memchr(p, needle[0], (size_t)(stop - p + 1));
        if (hit == NULL)
            return NULL;
        if (memcmp(hit, needle, (size_t)k) == 0)
            return hit;
        p = hit + 1;
    }
    return NULL;
}

static PyObject *
text(const char *p, Py_ssize_t n)
{
    return PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, p, n);
}

static PyObject *
optional_text(span s)
{
    if (s.n < 0)
        Py_RETURN_NONE;
    if (s.p == NULL)
        Py_RETURN_NONE;
    return text(s.p, s.n);
}

enum { F_CALL_ID, F_CSEQ, F_VIA, F_TO, F_FROM, F_COUNT };

/* whether a header line begins with the field name `lower` (any case) followed by a blank or a colon */
static inline int
name_is(const char *line, Py_ssize_t length, const char *lower, Py_ssize_t n)
{
    if (length <= n)
        return 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if ((line[i] | 0x20) != lower[i]) /* '-' | 0x20 is '-'; only CR, never inside a line, also gives it */
            return 0;
    char next = line[n];
    return next == ' ' || next == '\t' || next == ':';
}

/* which of the five fields a header line names (its whole name, up to blanks or the colon), or -1; *name_end is
 * set to the end of the name */
static inline int
field_of(const char *line, Py_ssize_t length, Py_ssize_t *name_end)
{
#define NAMED(text, field) if (name_is(line, length, text, sizeof(text) - 1)) { *name_end = sizeof(text) - 1; return field; }
    switch (line[0] | 0x20) {
    case 'v':
        NAMED("v", F_VIA);
        NAMED("via", F_VIA);
        break;
    case 't':
        NAMED("t", F_TO);
        NAMED("to", F_TO);
        break;
    case 'f':
        NAMED("f", F_FROM);
        NAMED("from", F_FROM);
        break;
    case 'i':
        NAMED("i", F_CALL_ID);
        break;
    case 'c':
        NAMED("call-id", F_CALL_ID);
        NAMED("cseq", F_CSEQ);
        break;
    }
#undef NAMED
    return -1;
}

/* The start line p[0:n]: a status line (status and reason) or a request line (method and URI); 0 otherwise. */
static int
start_line(const char *p, Py_ssize_t line_end, long *status_out, span *reason, span *method, span *uri)
{
    long status = 0;
    if (line_end >= 4 && memcmp(p, "SIP/", 4) == 0) {
        if (line_end < 11 || memcmp(p, "SIP/2.0 ", 8) != 0 || p[8] < '1' || p[8] > '6' || p[9] < '0' || p[9] > '9'
            || p[10] < '0' || p[10] > '9')
            return 0;
        if (line_end > 11) {
            if (p[11] != ' ')
                return 0;
            *reason = strip(p + 12, line_end - 12);
        }
        status = (p[8] - '0') * 100 + (p[9] - '0') * 10 + (p[10] - '0');
    } else {
        Py_ssize_t i = 0;
        while (i < line_end && is_token[(unsigned char)p[i]])
            i++;
        if (i == 0 || i >= line_end || p[i] != ' ')
            return 0;
        method->p = p;
        method->n = i;
        Py_ssize_t rest = i + 1;
        Py_ssize_t uri_n = line_end - rest - 8;
        if (uri_n < 1 || memcmp(p + line_end - 8, " SIP/2.0", 8) != 0)
            return 0;
        for (Py_ssize_t k = rest; k < rest + uri_n; k++)
            if (p[k] == ' ' || p[k] == '\t')
                return 0;
        uri->p = p + rest;
        uri->n = uri_n;
    }
    *status_out = status;
    return 1;
}

/* The grouping fields of a plain SIP message, read as sipcodes.sip._brief.brief reads them: fills *out and
 * returns 1, or returns 0 when the message is not plain enough (the Python reading then decides). */
typedef struct {
    long status;
    long long number;
    span reason, method, uri, call_id, cseq, cseq_method, branch, tag, from, to;
    span start; /* the start line as it is */
} brief_fields;

static int
read_fields(const char *p, Py_ssize_t size, brief_fields *out)
{
    /* One pass over the header section, line by line up to the first empty line: printable ASCII and tab only,
     * CRLF line ends only, no folded lines; the start line read, then the five fields grouping reads, each
     * once (Via: the topmost line). */
    Py_ssize_t line_end = -1;
    long status = 0;
    span reason = {p, 0}, method = {p, 0}, uri = {p, 0};
    span fields[F_COUNT];
    int have[F_COUNT] = {0, 0, 0, 0, 0};
    Py_ssize_t pos = 0;
    for (;;) {
        Py_ssize_t stop = pos;
        /* eight bytes at a time while none of them is below 0x20 (CR, LF, tab, controls) or above 0x7E */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* eight bytes at a time: the first byte below 0x20 (CR, LF, tab, controls) or above 0x7E ends a run; a
         * tab is plain, anything else ends the line (or makes the message not plain) */
        for (;;) {
            if (stop + 8 > size) {
                while (stop < size && is_plain[(unsigned char)p[stop]])
                    stop++;
                break;
            }
            uint64_t w;
            memcpy(&w, p + stop, 8);
            uint64_t odd = (((w - 0x2020202020202020ull) & ~w) | w | (w + 0x0101010101010101ull))
                           & 0x8080808080808080ull;
            if (odd == 0) {
                stop += 8;
                continue;
            }
            stop += __builtin_ctzll(odd) >> 3; /* the lowest flagged byte is always a true one */
            if (p[stop] != '\t')
                break;
            stop++;
        }
#else
        while (stop < size && is_plain[(unsigned char)p[stop]])
            stop++;
#endif
        if (stop + 1 >= size || p[stop] != '\r' || p[stop + 1] != '\n')
            return 0; /* the end of the input, a control character, a bare CR or LF */
        const char *line = p + pos;
        Py_ssize_t length = stop - pos;
        if (length == 0)
            break; /* the empty line that ends the header section */
        if (line_end < 0) {
            line_end = stop;
            if (!start_line(p, line_end, &status, &reason, &method, &uri))
                return 0;
        } else {
            if (line[0] == ' ' || line[0] == '\t')
                return 0; /* a folded line */
            if (!may_name_field[(unsigned char)line[0]]) {
                pos = stop + 2;
                continue; /* none of the five fields begins so */
            }
            Py_ssize_t k = 0;
            int which = field_of(line, length, &k);
            if (which >= 0) {
                while (k < length && (line[k] == ' ' || line[k] == '\t'))
                    k++;
                if (k < length && line[k] == ':') {
                    if (have[which]) {
                        if (which != F_VIA)
                            return 0;
                    } else {
                        have[which] = 1;
                        fields[which].p = line + k + 1;
                        fields[which].n = length - k - 1;
                    }
                }
            }
        }
        pos = stop + 2;
    }
    if (line_end < 0)
        return 0;
    for (int f = 0; f < F_COUNT; f++)
        if (!have[f])
            return 0;

    span call_id = strip(fields[F_CALL_ID].p, fields[F_CALL_ID].n);
    span cseq = strip(fields[F_CSEQ].p, fields[F_CSEQ].n);
    span via = strip(fields[F_VIA].p, fields[F_VIA].n);
    span to = strip(fields[F_TO].p, fields[F_TO].n);
    span from = strip(fields[F_FROM].p, fields[F_FROM].n);
    if (call_id.n == 0)
        return 0;

    /* CSeq: 1 to 10 digits, blanks, a method token */
    Py_ssize_t i = 0;
    long long number = 0;
    while (i < cseq.n && cseq.p[i] >= '0' && cseq.p[i] <= '9') {
        number = number * 10 + (cseq.p[i] - '0');
        i++;
    }
    if (i == 0 || i > 10)
        return 0;
    Py_ssize_t blanks = i;
    while (i < cseq.n && (cseq.p[i] == ' ' || cseq.p[i] == '\t'))
        i++;
    if (i == blanks || i >= cseq.n)
        return 0;
    span cseq_method = {cseq.p + i, cseq.n - i};
    for (Py_ssize_t k = 0; k < cseq_method.n; k++)
        if (!is_token[(unsigned char)cseq_method.p[k]])
            return 0;

    if (memchr(via.p, '"', (size_t)via.n) != NULL)
        return 0;
    const char *comma = memchr(via.p, ',', (size_t)via.n);
    span branch, tag;
    if (!plain_via(via.p, comma ? comma - via.p : via.n, &branch))
        return 0;
    if (!plain_address(to.p, to.n, &tag))
        return 0;

    out->status = status;
    out->start.p = p;
    out->start.n = line_end;
    out->number = number;
    out->reason = reason;
    out->method = status == 0 ? method : cseq_method;
    out->uri = uri;
    out->call_id = call_id;
    out->cseq = cseq;
    out->cseq_method = cseq_method;
    out->branch = branch;
    out->tag = tag;
    out->from = from;
    out->to = to;
    return 1;
}

static PyObject *
brief(PyObject *module, PyObject *arg)
{
    (void)module;
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    brief_fields f;
    int plain = read_fields((const char *)view.buf, view.len, &f);
    PyBuffer_Release(&view);
    if (!plain)
        Py_RETURN_NONE;
    PyObject *items = brief_type != NULL ? ((PyTypeObject *)brief_type)->tp_alloc((PyTypeObject *)brief_type, 12)
                                          : PyTuple_New(12);
    if (items == NULL)
        return NULL;
    PyTuple_SET_ITEM(items, 0, PyLong_FromLong(f.status));
    PyTuple_SET_ITEM(items, 1, text(f.reason.p, f.reason.n));
    PyTuple_SET_ITEM(items, 2, text(f.method.p, f.method.n));
    PyTuple_SET_ITEM(items, 3, text(f.uri.p, f.uri.n));
    PyTuple_SET_ITEM(items, 4, text(f.call_id.p, f.call_id.n));
    PyTuple_SET_ITEM(items, 5, text(f.cseq.p, f.cseq.n));
    PyTuple_SET_ITEM(items, 6, PyLong_FromLongLong(f.number));
    PyTuple_SET_ITEM(items, 7, text(f.cseq_method.p, f.cseq_method.n));
    PyTuple_SET_ITEM(items, 8, optional_text(f.branch));
    PyTuple_SET_ITEM(items, 9, optional_text(f.tag));
    PyTuple_SET_ITEM(items, 10, text(f.from.p, f.from.n));
    PyTuple_SET_ITEM(items, 11, text(f.to.p, f.to.n));
    for (int k = 0; k < 12; k++) {
        if (PyTuple_GET_ITEM(items, k) == NULL) {
            Py_DECREF(items);
            return NULL;
        }
    }
    return items;
}

static PyObject *
set_brief_type(PyObject *module, PyObject *arg)
{
    (void)module;
    if (!PyType_Check(arg) || !PyType_IsSubtype((PyTypeObject *)arg, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "the Brief type must be a tuple subclass");
        return NULL;
    }
    Py_INCREF(arg);
    Py_XSETREF(brief_type, arg);
    Py_RETURN_NONE;
}

/* "a.b.c.d:port" into out (at least 22 bytes), as inet_ntoa and str() write them; returns its length */
static int
endpoint(char *out, const unsigned char *address, unsigned port)
{
    char *p = out;
    for (int k = 0; k < 4; k++) {
        unsigned v = address[k];
        if (v >= 100)
            *p++ = (char)('0' + v / 100);
        if (v >= 10)
            *p++ = (char)('0' + v / 10 % 10);
        *p++ = (char)('0' + v % 10);
        *p++ = k < 3 ? '.' : ':';
    }
    char digits[5];
    int n = 0;
    do {
        digits[n++] = (char)('0' + port % 10);
        port /= 10;
    } while (port);
    while (n)
        *p++ = digits[--n];
    return (int)(p - out);
}

/* The "a.b.c.d:port" strings made last, one per slot of a small table indexed by address and port: a capture
 * holds few endpoints, so each string is made once and then shared by every record that names it. */
#define ENDPOINTS 1024
static struct {
    uint64_t key; /* address << 16 | port, plus 1 << 48 so that no used slot has key 0 */
    PyObject *text;
} endpoints[ENDPOINTS];

static PyObject *
endpoint_text(const unsigned char *address, unsigned port)
{
    uint64_t key = (uint64_t)1 << 48 | (uint64_t)address[0] << 40 | (uint64_t)address[1] << 32
                   | (uint64_t)address[2] << 24 | (uint64_t)address[3] << 16 | port;
    size_t slot = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 54) % ENDPOINTS;
    if (endpoints[slot].key == key)
        return Py_NewRef(endpoints[slot].text);
    char out[24];
    PyObject *made = text(out, endpoint(out, address, port));
    if (made == NULL)
        return NULL;
    Py_XSETREF(endpoints[slot].text, Py_NewRef(made));
    endpoints[slot].key = key;
    return made;
}

/* An IPv4 packet without options or fragmentation carrying UDP at f[offset:n]: sets the two "a.b.c.d:port"
 * addresses and the payload's place, and returns 1; returns 0 for any other packet. */
static int
plain_udp4(const unsigned char *f, Py_ssize_t n, Py_ssize_t offset, char *source, int *source_n,
           char *destination, int *destination_n, const unsigned char **payload, Py_ssize_t *payload_n)
{
    if (offset < 0 || n < offset + 28)
        return 0;
    const unsigned char *ip = f + offset;
    if (ip[0] != 0x45 || ip[9] != 17)
        return 0;
    unsigned total = ((unsigned)ip[2] << 8) | ip[3];
    unsigned fragment = (((unsigned)ip[6] << 8) | ip[7]) & 0x3FFF;
    if (total < 28 || fragment || offset + (Py_ssize_t)total > n)
        return 0;
    const unsigned char *udp = ip + 20;
    if (source != NULL) { /* the caller may take the addresses from the packet itself */
        *source_n = endpoint(source, ip + 12, ((unsigned)udp[0] << 8) | udp[1]);
        *destination_n = endpoint(destination, ip + 16, ((unsigned)udp[2] << 8) | udp[3]);
    }
    *payload = udp + 8;
    *payload_n = (Py_ssize_t)total - 28;
    return 1;
}

static PyObject *
udp4(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyBytes_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "udp4(frame: bytes, offset: int)");
        return NULL;
    }
    Py_ssize_t offset = PyLong_AsSsize_t(args[1]);
    if (offset == -1 && PyErr_Occurred())
        return NULL;
    char source[24], destination[24];
    int source_n, destination_n;
    const unsigned char *payload;
    Py_ssize_t payload_n;
    if (!plain_udp4((const unsigned char *)PyBytes_AS_STRING(args[0]), PyBytes_GET_SIZE(args[0]), offset, source,
                    &source_n, destination, &destination_n, &payload, &payload_n))
        Py_RETURN_NONE;
    PyObject *result = PyTuple_New(3);
    if (result == NULL)
        return NULL;
    PyTuple_SET_ITEM(result, 0, text(source, source_n));
    PyTuple_SET_ITEM(result, 1, text(destination, destination_n));
    PyTuple_SET_ITEM(result, 2, PyBytes_FromStringAndSize((const char *)payload, payload_n));
    if (!PyTuple_GET_ITEM(result, 0) || !PyTuple_GET_ITEM(result, 1) || !PyTuple_GET_ITEM(result, 2)) {
        Py_DECREF(result);
        return NULL;
    }
    return result;
}

/* Whether a UDP payload starts with a SIP request line (method SP URI SP SIP/2.0 then an optional CR and LF) or
 * a status line (SIP/2.0 SP three digits SP), as sipcodes.capture._sipframing.START_LINE tells. */
static int
starts_sip(const unsigned char *p, Py_ssize_t n)
{
    if (n >= 12 && memcmp(p, "SIP/2.0 ", 8) == 0 && p[8] >= '1' && p[8] <= '6' && p[9] >= '0' && p[9] <= '9'
        && p[10] >= '0' && p[10] <= '9' && p[11] == ' ')
        return 1;
    Py_ssize_t i = 0;
    while (i < n && is_token[p[i]])
        i++;
    if (i == 0 || i >= n || p[i] != ' ')
        return 0;
    i++;
    Py_ssize_t uri = i;
    while (i < n && p[i] != ' ' && p[i] != '\r' && p[i] != '\n')
        i++;
    if (i == uri || n - i < 9 || memcmp(p + i, " SIP/2.0", 8) != 0)
        return 0;
    i += 8;
    if (p[i] == '\r')
        i++;
    return i < n && p[i] == '\n';
}

/* Where the IPv4 header of a frame of this link type starts, or -1 when the frame is not plainly IPv4. */
static Py_ssize_t
ipv4_offset(long link_type, const unsigned char *f, Py_ssize_t n)
{
    switch (link_type) {
    case 1: /* Ethernet without VLAN tags */
        return n > 14 && f[12] == 0x08 && f[13] == 0x00 ? 14 : -1;
    case 113: /* Linux cooked v1 */
        return n >= 16 && f[14] == 0x08 && f[15] == 0x00 ? 16 : -1;
    case 276: /* Linux cooked v2 */
        return n >= 20 && f[0] == 0x08 && f[1] == 0x00 ? 20 : -1;
    case 12: case 14: case 101: case 228: /* raw IP */
        return 0;
    case 0: case 108: /* BSD and OpenBSD loopback */
        return n > 4 && f[4] >> 4 == 4 ? 4 : -1;
    }
    return -1;
}

static inline unsigned
u32(const unsigned char *p, int little)
{
    return little ? (unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 | (unsigned)p[3] << 24
                  : (unsigned)p[3] | (unsigned)p[2] << 8 | (unsigned)p[1] << 16 | (unsigned)p[0] << 24;
}

/* The whole pcap records in buf[pos:]: a list of items in capture order, the position after the last one, and how
 * many of the items are frames left to the caller.
 * An item is a `message_type` (time, source, destination, "udp", payload) for a plain IPv4/UDP datagram that
 * starts like SIP, else the record as (time, link type, frame bytes) for the Python decoder. Stops before a
 * record that is cut off by the end of buf or longer than max_record, which the caller reads itself. */
static PyObject *
pcap_records(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 7 || !PyBytes_Check(args[0]) || !PyType_Check(args[6])) {
        PyErr_SetString(PyExc_TypeError,
                        "pcap_records(buf: bytes, pos, little_endian, nano, link_type, max_record, message_type)");
        return NULL;
    }
    Py_ssize_t pos = PyLong_AsSsize_t(args[1]);
    int little = PyObject_IsTrue(args[2]);
    int nano = PyObject_IsTrue(args[3]);
    long link_type = PyLong_AsLong(args[4]);
    Py_ssize_t max_record = PyLong_AsSsize_t(args[5]);
    if (PyErr_Occurred())
        return NULL;
    PyTypeObject *message_type = (PyTypeObject *)args[6];
    const unsigned char *buf = (const unsigned char *)PyBytes_AS_STRING(args[0]);
    Py_ssize_t size = PyBytes_GET_SIZE(args[0]);
    double divisor = nano ? 1e9 : 1e6;
    Py_ssize_t frames = 0; /* items left for the Python decoder */
    PyObject *items = PyList_New(0);
    PyObject *udp = PyUnicode_InternFromString("udp");
    PyObject *link = PyLong_FromLong(link_type);
    if (items == NULL || udp == NULL || link == NULL)
        goto fail;
    while (pos >= 0 && size - pos >= 16) {
        const unsigned char *record = buf + pos;
        unsigned seconds = u32(record, little), fraction = u32(record + 4, little);
        Py_ssize_t captured = (Py_ssize_t)u32(record + 8, little);
        if (captured > max_record || size - pos - 16 < captured)
            break;
        const unsigned char *frame = record + 16;
        double time = (double)seconds + (double)fraction / divisor;
        PyObject *item = NULL;
        const unsigned char *payload;
        Py_ssize_t payload_n;
        Py_ssize_t offset = ipv4_offset(link_type, frame, captured);
        if (offset >= 0
            && plain_udp4(frame, captured, offset, NULL, NULL, NULL, NULL, &payload, &payload_n)
            && starts_sip(payload, payload_n)) {
            item = message_type->tp_alloc(message_type, 5);
            if (item == NULL)
                goto fail;
            PyTuple_SET_ITEM(item, 0, PyFloat_FromDouble(time));
            const unsigned char *ip = frame + offset;
            const unsigned char *ports = ip + 20;
            PyTuple_SET_ITEM(item, 1, endpoint_text(ip + 12, (unsigned)ports[0] << 8 | ports[1]));
            PyTuple_SET_ITEM(item, 2, endpoint_text(ip + 16, (unsigned)ports[2] << 8 | ports[3]));
            Py_INCREF(udp);
            PyTuple_SET_ITEM(item, 3, udp);
            PyTuple_SET_ITEM(item, 4, PyBytes_FromStringAndSize((const char *)payload, payload_n));
        } else {
            frames++;
            item = PyTuple_New(3);
            if (item == NULL)
                goto fail;
            PyTuple_SET_ITEM(item, 0, PyFloat_FromDouble(time));
            Py_INCREF(link);
            PyTuple_SET_ITEM(item, 1, link);
            PyTuple_SET_ITEM(item, 2, PyBytes_FromStringAndSize((const char *)frame, captured));
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(item); k++) {
            if (PyTuple_GET_ITEM(item, k) == NULL) {
                Py_DECREF(item);
                goto fail;
            }
        }
        int appended = PyList_Append(items, item);
        Py_DECREF(item);
        if (appended < 0)
            goto fail;
        pos += 16 + captured;
    }
    Py_DECREF(udp);
    Py_DECREF(link);
    PyObject *result = Py_BuildValue("(Nnn)", items, pos, frames);
    return result;
fail:
    Py_XDECREF(items);
    Py_XDECREF(udp);
    Py_XDECREF(link);
    return NULL;
}

/* ---- grouping ------------------------------------------------------------------------------------------- */

/* the status codes 100-699 as ints, one object each however many responses carry them */
static PyObject *status_ints[700];

static int
make_status_ints(void)
{
    for (long code = 100; code < 700; code++)
        if ((status_ints[code] = PyLong_FromLong(code)) == NULL)
            return -1;
    return 0;
}

/* attribute names of sipcodes.calls.Grouper, Call and Transaction, interned once */
static PyObject *s_calls, *s_hops, *s_transaction_table, *s_names, *s_summaries, *s_first_time, *s_last_time,
    *s_messages, *s_add, *s_ladder, *s_line_counts, *s_slots;
static PyObject *s_seen, *s_transactions, *s_has_request, *s_initial, *s_final_status, *s_request, *s_responses,
    *s_notable, *s_final_reason, *s_final_time, *s_final, *s_call_id, *s_request_time, *s_branch, *s_cseq_number,
    *s_method, *s_from, *s_to;

static int
intern_names(void)
{
#define NAME(var, text) if ((var = PyUnicode_InternFromString(text)) == NULL) return -1
    NAME(s_calls, "calls");
    NAME(s_hops, "_hops");
    NAME(s_transaction_table, "_transactions");
    NAME(s_call_id, "call_id");
    NAME(s_request_time, "request_time");
    NAME(s_names, "_names");
    NAME(s_summaries, "_summaries");
    NAME(s_first_time, "first_time");
    NAME(s_last_time, "last_time");
    NAME(s_messages, "messages");
    NAME(s_add, "add");
    NAME(s_ladder, "ladder");
    NAME(s_line_counts, "line_counts");
    NAME(s_slots, "__slots__");
    NAME(s_seen, "seen");
    NAME(s_transactions, "transactions");
    NAME(s_has_request, "has_request");
    NAME(s_initial, "initial");
    NAME(s_final_status, "final_status");
    NAME(s_request, "request");
    NAME(s_responses, "responses");
    NAME(s_notable, "notable");
    NAME(s_final_reason, "final_reason");
    NAME(s_final_time, "final_time");
    NAME(s_final, "final");
    NAME(s_branch, "branch");
    NAME(s_cseq_number, "cseq_number");
    NAME(s_method, "method");
    NAME(s_from, "from_");
    NAME(s_to, "to");
#undef NAME
    return 0;
}

/* ---- hop keys: what tells a message apart from a retransmission of it on its hop ---- */

static inline uint64_t
rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* mixes p[0:n] into h, eight bytes at a time, then the length (so that fields cannot run into each other) */
static inline uint64_t
mix(uint64_t h, const char *p, Py_ssize_t n)
{
    const uint64_t k1 = 0x9E3779B97F4A7C15ull, k2 = 0xC2B2AE3D27D4EB4Full;
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = rotl64(h ^ (w * k1), 29) * k2;
    }
    if (i < n) {
        uint64_t w = 0;
        if (n >= 8) {
            /* the last eight bytes, of which the ones already mixed in are shifted out */
            memcpy(&w, p + n - 8, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            w <<= 8 * (8 - (n - i));
#else
            w >>= 8 * (8 - (n - i));
#endif
        } else {
            memcpy(&w, p + i, (size_t)(n - i));
        }
        h = rotl64(h ^ (w * k1), 29) * k2;
    }
    return rotl64(h ^ ((uint64_t)n * k2 + 0x165667B19E3779F9ull), 31) * k1;
}

/* a field that is absent (None): a "length" no text has */
static inline uint64_t
mix_none(uint64_t h)
{
    return rotl64(h ^ 0xA5A5A5A5A5A5A5A5ull, 31) * 0x9E3779B97F4A7C15ull;
}

static inline uint64_t
finish_hash(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

/* the text of an ASCII str as bytes (NULL for any other str: its UTF-8 is then encoded by the caller) */
static inline const char *
ascii_data(PyObject *text, Py_ssize_t *n)
{
    if (!PyUnicode_IS_COMPACT_ASCII(text))
        return NULL;
    *n = PyUnicode_GET_LENGTH(text);
    return (const char *)PyUnicode_DATA(text);
}

/* The hop key of a message from its fields: the Call-ID, source and destination, the start line (a status, or
 * a method and a request URI), the topmost Via branch, the CSeq as written and the To tag (the last two may be
 * absent). Both ways of grouping use it: group_one from the bytes, hop_key (for Grouper.add) from the str. */
typedef struct {
    const char *p;
    Py_ssize_t n; /* -1: absent */
} part;

#define HOP_SEED 0x243F6A8885A308D3ull

/* `call_id` is mix(HOP_SEED, the Call-ID): grouping has it already, from finding the call */
static uint64_t
hop_hash(uint64_t call_id, part src, part dst, long status, part method, part uri, part branch, part cseq, part tag)
{
    uint64_t h = call_id;
    h = mix(h, src.p, src.n);
    h = mix(h, dst.p, dst.n);
    if (status) {
        /* a status: a value and a "length" no text has */
        h = rotl64(h ^ ((uint64_t)status * 0x9E3779B97F4A7C15ull), 29) * 0xC2B2AE3D27D4EB4Full;
        h = mix_none(h ^ 0x5354415455530000ull);
    } else {
        h = mix(h, method.p, method.n);
        h = mix(h, uri.p, uri.n);
    }
    h = branch.n < 0 ? mix_none(h) : mix(h, branch.p, branch.n);
    h = mix(h, cseq.p, cseq.n);
    h = tag.n < 0 ? mix_none(h) : mix(h, tag.p, tag.n);
    return finish_hash(h);
}

/* a str, or None (absent), as a part; its UTF-8 kept alive in *keep when it had to be encoded */
static int
as_part(PyObject *value, part *out, PyObject **keep, int may_be_none)
{
    if (value == Py_None && may_be_none) {
        out->p = NULL;
        out->n = -1;
        return 0;
    }
    if (!PyUnicode_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "hop_key: the fields must be str (branch and tag may be None)");
        return -1;
    }
    Py_ssize_t n;
    const char *p = ascii_data(value, &n);
    if (p == NULL) {
        *keep = PyUnicode_AsEncodedString(value, "utf-8", "surrogatepass");
        if (*keep == NULL)
            return -1;
        p = PyBytes_AS_STRING(*keep);
        n = PyBytes_GET_SIZE(*keep);
    }
    out->p = p;
    out->n = n;
    return 0;
}

/* hop_key(call_id, src, dst, status, method, uri, branch, cseq, tag) -> int: the hop key of hop_hash for the
 * fields Grouper.add reads (status 0 for a request; branch and tag None when absent). */
static PyObject *
hop_key(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 9) {
        PyErr_SetString(PyExc_TypeError, "hop_key(call_id, src, dst, status, method, uri, branch, cseq, tag)");
        return NULL;
    }
    long status = PyLong_AsLong(args[3]); /* 0 for a request */
    if (status == -1 && PyErr_Occurred())
        return NULL;
    part parts[9];
    PyObject *keep[9] = {NULL};
    PyObject *result = NULL;
    for (int k = 0; k < 9; k++) {
        if (k == 3)
            continue;
        if (as_part(args[k], &parts[k], &keep[k], k == 6 || k == 8) < 0)
            goto done;
    }
    uint64_t h = hop_hash(mix(HOP_SEED, parts[0].p, parts[0].n), parts[1], parts[2], status, parts[4], parts[5],
                          parts[6], parts[7], parts[8]);
    result = PyLong_FromUnsignedLongLong(h);
done:
    for (int k = 0; k < 9; k++)
        Py_XDECREF(keep[k]);
    return result;
}

/* ---- HopSet: the hop keys seen so far, a set of 64-bit ints without an object per key ---- */

typedef struct {
    PyObject_HEAD
    uint64_t *slots; /* open addressing, linear probing; 0 marks a free slot (the key 0 is held apart) */
    Py_ssize_t used, mask;
    int has_zero;
} HopSet;

static PyTypeObject HopSet_Type;

static int
hops_grow(HopSet *set)
{
    Py_ssize_t capacity = set->slots ? (set->mask + 1) * 2 : 1024;
    uint64_t *slots = PyMem_Calloc((size_t)capacity, sizeof(uint64_t));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t mask = capacity - 1;
    if (set->slots) {
        for (Py_ssize_t k = 0; k <= set->mask; k++) {
            uint64_t key = set->slots[k];
            if (key == 0)
                continue;
            Py_ssize_t at = (Py_ssize_t)(key & (uint64_t)mask);
            while (slots[at] != 0)
                at = (at + 1) & mask;
            slots[at] = key;
        }
        PyMem_Free(set->slots);
    }
    set->slots = slots;
    set->mask = mask;
    return 0;
}

/* adds `key`; 1 when it was there already, 0 when new, -1 on an error */
static int
hops_add(HopSet *set, uint64_t key)
{
    if (key == 0) {
        int had = set->has_zero;
        set->has_zero = 1;
        return had;
    }
    if (set->slots == NULL || (set->used + 1) * 2 > set->mask + 1) {
        if (hops_grow(set) < 0)
            return -1;
    }
    Py_ssize_t at = (Py_ssize_t)(key & (uint64_t)set->mask);
    while (set->slots[at] != 0) {
        if (set->slots[at] == key)
            return 1;
        at = (at + 1) & set->mask;
    }
    set->slots[at] = key;
    set->used++;
    return 0;
}

static int
hops_has(HopSet *set, uint64_t key)
{
    if (key == 0)
        return set->has_zero;
    if (set->slots == NULL)
        return 0;
    Py_ssize_t at = (Py_ssize_t)(key & (uint64_t)set->mask);
    while (set->slots[at] != 0) {
        if (set->slots[at] == key)
            return 1;
        at = (at + 1) & set->mask;
    }
    return 0;
}

/* a Python int as a hop key (any int: its value modulo 2**64) */
static int
hop_value(PyObject *key, uint64_t *out)
{
    if (!PyLong_Check(key)) {
        PyErr_SetString(PyExc_TypeError, "a hop key is an int");
        return -1;
    }
    unsigned long long value = PyLong_AsUnsignedLongLongMask(key);
    if (value == (unsigned long long)-1 && PyErr_Occurred())
        return -1;
    *out = (uint64_t)value;
    return 0;
}

static PyObject *
hopset_add(HopSet *set, PyObject *key)
{
    uint64_t value;
    if (hop_value(key, &value) < 0 || hops_add(set, value) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
hopset_clear(HopSet *set, PyObject *unused)
{
    (void)unused;
    PyMem_Free(set->slots);
    set->slots = NULL;
    set->used = 0;
    set->mask = 0;
    set->has_zero = 0;
    Py_RETURN_NONE;
}

static int
hopset_contains(HopSet *set, PyObject *key)
{
    if (!PyLong_Check(key))
        return 0;
    uint64_t value;
    if (hop_value(key, &value) < 0)
        return -1;
    return hops_has(set, value);
}

static Py_ssize_t
hopset_len(HopSet *set)
{
    return set->used + set->has_zero;
}

static void
hopset_dealloc(HopSet *set)
{
    PyMem_Free(set->slots);
    Py_TYPE(set)->tp_free((PyObject *)set);
}

static PyMethodDef hopset_methods[] = {
    {"add", (PyCFunction)hopset_add, METH_O, "Add a hop key (an int)."},
    {"clear", (PyCFunction)hopset_clear, METH_NOARGS, "Forget every key."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods hopset_sequence = {
    .sq_length = (lenfunc)hopset_len,
    .sq_contains = (objobjproc)hopset_contains,
};

static PyTypeObject HopSet_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sipcodes._speedups.HopSet",
    .tp_basicsize = sizeof(HopSet),
    .tp_dealloc = (destructor)hopset_dealloc,
    .tp_as_sequence = &hopset_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The hop keys of the messages grouped so far (a set of ints taken modulo 2**64).",
    .tp_methods = hopset_methods,
    .tp_new = PyType_GenericNew,
};

/* ---- Call and Transaction objects, read and written through their slots ---- */

#define MAX_SLOTS 24

/* where each slot of a dataclass(slots=True) lives in its objects, and the defaults a new object starts from */
typedef struct {
    PyTypeObject *type;
    int count;
    Py_ssize_t offsets[MAX_SLOTS];
    PyObject *defaults[MAX_SLOTS]; /* owned; NULL where the default is a new empty list */
} layout;

static void
layout_clear(layout *l)
{
    for (int k = 0; k < l->count; k++)
        Py_CLEAR(l->defaults[k]);
    l->count = 0;
}

/* the offset of slot `name`, or -1 (with an error set) */
static Py_ssize_t
slot_offset(PyTypeObject *type, PyObject *name)
{
    PyObject *descriptor = PyObject_GetAttr((PyObject *)type, name);
    if (descriptor == NULL)
        return -1;
    Py_ssize_t offset = -1;
    if (Py_IS_TYPE(descriptor, &PyMemberDescr_Type)) {
        PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
        if (member->type == T_OBJECT_EX && !(member->flags & READONLY))
            offset = member->offset;
    }
    Py_DECREF(descriptor);
    if (offset < 0)
        PyErr_Format(PyExc_TypeError, "%U is not a plain slot", name);
    return offset;
}

/* the layout of `type`, with defaults read from `sample`, an object made by the class itself */
static int
layout_read(layout *l, PyTypeObject *type, PyObject *sample)
{
    l->type = type;
    l->count = 0;
    PyObject *slots = PyObject_GetAttr((PyObject *)type, s_slots);
    if (slots == NULL)
        return -1;
    PyObject *names = PySequence_Tuple(slots);
    Py_DECREF(slots);
    if (names == NULL)
        return -1;
    int ok = -1;
    if (PyTuple_GET_SIZE(names) > MAX_SLOTS) {
        PyErr_SetString(PyExc_TypeError, "too many slots");
        goto done;
    }
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(names); k++) {
        PyObject *name = PyTuple_GET_ITEM(names, k);
        Py_ssize_t offset = slot_offset(type, name);
        if (offset < 0)
            goto done;
        PyObject *value = *(PyObject **)((char *)sample + offset);
        if (value == NULL) {
            PyErr_Format(PyExc_TypeError, "slot %U has no default", name);
            goto done;
        }
        l->offsets[k] = offset;
        if (PyList_CheckExact(value)) {
            if (PyList_GET_SIZE(value) != 0) {
                PyErr_Format(PyExc_TypeError, "slot %U starts as a list that is not empty", name);
                goto done;
            }
            l->defaults[k] = NULL;
        } else {
            l->defaults[k] = Py_NewRef(value);
        }
        l->count = (int)k + 1;
    }
    ok = 0;
done:
    Py_DECREF(names);
    return ok;
}

/* a new object of the layout's type with its default values (new lists where the default is a list) */
static PyObject *
layout_new(layout *l)
{
    PyObject *object = l->type->tp_alloc(l->type, 0);
    if (object == NULL)
        return NULL;
    for (int k = 0; k < l->count; k++) {
        PyObject *value = l->defaults[k] ? Py_NewRef(l->defaults[k]) : PyList_New(0);
        if (value == NULL) {
            Py_DECREF(object);
            return NULL;
        }
        *(PyObject **)((char *)object + l->offsets[k]) = value;
    }
    return object;
}

/* a slot's value (borrowed; never NULL for objects the layout made or the class initialised) */
#define SLOT(object, offset) (*(PyObject **)((char *)(object) + (offset)))

/* sets a slot to a new reference to `value` */
static inline void
slot_set(PyObject *object, Py_ssize_t offset, PyObject *value)
{
    PyObject *old = SLOT(object, offset);
    SLOT(object, offset) = Py_NewRef(value);
    Py_XDECREF(old);
}

/* sets a slot, taking the reference to `value`; -1 when value is NULL (an error) */
static inline int
slot_steal(PyObject *object, Py_ssize_t offset, PyObject *value)
{
    if (value == NULL)
        return -1;
    PyObject *old = SLOT(object, offset);
    SLOT(object, offset) = value;
    Py_XDECREF(old);
    return 0;
}

/* the start line and header fields of a message, without its body (sipcodes.calls._head) */
static PyObject *
message_head(PyObject *data)
{
    const char *p = PyBytes_AS_STRING(data);
    Py_ssize_t n = PyBytes_GET_SIZE(data);
    const char *blank = find(p, n, "\r\n\r\n", 4);
    if (blank == NULL || blank - p + 4 == n) {
        Py_INCREF(data);
        return data;
    }
    return PyBytes_FromStringAndSize(p, blank - p + 4);
}

/* whether the first 4 KiB of a message hold a Reason or Warning header line (sipcodes.calls._telling) */
static int
telling(PyObject *data)
{
    const char *p = PyBytes_AS_STRING(data);
    Py_ssize_t n = PyBytes_GET_SIZE(data);
    if (n > 4096)
        n = 4096;
    for (const char *nl = memchr(p, '\n', (size_t)n); nl != NULL;
         nl = memchr(nl + 1, '\n', (size_t)(n - (nl + 1 - p)))) {
        Py_ssize_t i = nl + 1 - p;
        Py_ssize_t k;
        const char *names[2] = {"reason", "warning"};
        for (int w = 0; w < 2; w++) {
            Py_ssize_t len = (Py_ssize_t)strlen(names[w]);
            if (n - i < len)
                continue;
            for (k = 0; k < len; k++) {
                char c = p[i + k];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c + 32);
                if (c != names[w][k])
                    break;
            }
            if (k < len)
                continue;
            k = i + len;
            while (k < n && (p[k] == ' ' || p[k] == '\t'))
                k++;
            if (k < n && p[k] == ':')
                return 1;
        }
        if (i >= n)
            break;
    }
    return 0;
}

static int
set_attr_steal(PyObject *object, PyObject *name, PyObject *value)
{
    if (value == NULL)
        return -1;
    int failed = PyObject_SetAttr(object, name, value);
    Py_DECREF(value);
    return failed;
}

/* appends to the list in a slot, taking the reference to `value` */
static int
slot_append_steal(PyObject *object, Py_ssize_t offset, PyObject *value)
{
    if (value == NULL)
        return -1;
    PyObject *list = SLOT(object, offset);
    int failed = list != NULL && PyList_Check(list) ? PyList_Append(list, value) : -1;
    if (failed && !PyErr_Occurred())
        PyErr_SetString(PyExc_TypeError, "expected a list");
    Py_DECREF(value);
    return failed;
}

/* whether an ASCII str holds exactly p[0:n] */
static inline int
same_text(PyObject *text, const char *p, Py_ssize_t n)
{
    Py_ssize_t k;
    const char *data = ascii_data(text, &k);
    return data != NULL && k == n && memcmp(data, p, (size_t)n) == 0;
}

#define LINES 256
#define RECENT 1024 /* calls met lately, by a hash of their Call-ID */
#define SCAN 8      /* a call's latest transactions looked through before the table of all */
#define ADDRESSES 8 /* addresses met lately */

typedef struct {
    PyObject *grouper, *calls, *hops, *transactions, *names, *summaries, *notable_codes, *line_counts;
    PyTypeObject *seen_type;
    layout call, transaction;
    /* slot offsets */
    Py_ssize_t c_call_id, c_from, c_to, c_seen, c_transactions, c_last_time;
    Py_ssize_t t_branch, t_number, t_method, t_initial, t_request, t_responses, t_final_status, t_final_reason,
        t_final, t_final_time, t_has_request, t_request_time, t_notable;
    int ladder; /* keep every message's ladder line and the bytes explaining reads, or (for counting) a call's first
                 * ladder line, the counts of each line and no bytes */
    PyObject *first, *last; /* owned; Py_None when not yet seen */
    Py_ssize_t messages;    /* added since the last flush */
    /* start lines met lately, with what grouping makes of them (a capture repeats a few start lines), and, without
     * the ladder, how many messages had each (new ones, retransmissions) since they were last added up */
    struct {
        PyObject *raw, *line, *reason, *summary;
        Py_ssize_t counts[2];
    } lines[LINES];
    PyObject *recent[RECENT]; /* owned Call objects */
    PyObject *addresses[ADDRESSES][2]; /* (a str given, its shared copy), both owned */
    int next_address;
} group_state;

/* the shared copy of an address (from the grouper's names), remembered for the str given; borrowed, or NULL */
static PyObject *
remember_address(group_state *g, PyObject *given)
{
    PyObject *shared = PyDict_SetDefault(g->names, given, given);
    if (shared == NULL)
        return NULL;
    int k = g->next_address;
    g->next_address = (k + 1) % ADDRESSES;
    Py_XSETREF(g->addresses[k][0], Py_NewRef(given));
    Py_XSETREF(g->addresses[k][1], Py_NewRef(shared));
    return shared;
}

/* adds up the counts of one cached start line into the grouper's line_counts ({(summary, retransmission): n}) */
static int
flush_line(group_state *g, int slot)
{
    for (int repeated = 0; repeated < 2; repeated++) {
        Py_ssize_t n = g->lines[slot].counts[repeated];
        if (n == 0)
            continue;
        PyObject *key = PyTuple_Pack(2, g->lines[slot].summary, repeated ? Py_True : Py_False);
        if (key == NULL)
            return -1;
        PyObject *before = PyDict_GetItemWithError(g->line_counts, key);
        if (before == NULL && PyErr_Occurred()) {
            Py_DECREF(key);
            return -1;
        }
        PyObject *added = PyLong_FromSsize_t(n);
        PyObject *total = added == NULL ? NULL : before ? PyNumber_Add(before, added) : Py_NewRef(added);
        Py_XDECREF(added);
        int failed = total == NULL || PyDict_SetItem(g->line_counts, key, total) < 0;
        Py_XDECREF(total);
        Py_DECREF(key);
        if (failed)
            return -1;
        g->lines[slot].counts[repeated] = 0;
    }
    return 0;
}

/* the grouper's counters, brought up to date (before the Python `add` runs, and at the end) */
static int
flush(group_state *g)
{
    if (PyObject_SetAttr(g->grouper, s_first_time, g->first) < 0 || PyObject_SetAttr(g->grouper, s_last_time, g->last) < 0)
        return -1;
    if (g->messages) {
        PyObject *count = PyObject_GetAttr(g->grouper, s_messages);
        if (count == NULL)
            return -1;
        PyObject *added = PyLong_FromSsize_t(g->messages);
        PyObject *total = added ? PyNumber_Add(count, added) : NULL;
        Py_DECREF(count);
        Py_XDECREF(added);
        if (set_attr_steal(g->grouper, s_messages, total) < 0)
            return -1;
        g->messages = 0;
    }
    if (!g->ladder)
        for (int k = 0; k < LINES; k++)
            if (g->lines[k].summary != NULL && flush_line(g, k) < 0)
                return -1;
    return 0;
}

static int
reload(group_state *g)
{
    PyObject *first = PyObject_GetAttr(g->grouper, s_first_time);
    PyObject *last = first ? PyObject_GetAttr(g->grouper, s_last_time) : NULL;
    if (last == NULL) {
        Py_XDECREF(first);
        return -1;
    }
    Py_SETREF(g->first, first);
    Py_SETREF(g->last, last);
    return 0;
}

/* The call of a Call-ID, made when new (sipcodes.calls.Grouper.add); a borrowed reference, or NULL on an error. */
static PyObject *
call_of(group_state *g, brief_fields *f, uint64_t *call_hash)
{
    *call_hash = mix(HOP_SEED, f->call_id.p, f->call_id.n);
    PyObject **slot = &g->recent[finish_hash(*call_hash) % RECENT];
    if (*slot != NULL && same_text(SLOT(*slot, g->c_call_id), f->call_id.p, f->call_id.n))
        return *slot;
    PyObject *call_id = text(f->call_id.p, f->call_id.n);
    if (call_id == NULL)
        return NULL;
    PyObject *call = PyDict_GetItemWithError(g->calls, call_id); /* borrowed */
    if (call == NULL) {
        if (PyErr_Occurred()) {
            Py_DECREF(call_id);
            return NULL;
        }
        PyObject *made = layout_new(&g->call);
        if (made == NULL) {
            Py_DECREF(call_id);
            return NULL;
        }
        if (slot_steal(made, g->c_call_id, call_id) < 0
            || slot_steal(made, g->c_from, text(f->from.p, f->from.n)) < 0
            || slot_steal(made, g->c_to, text(f->to.p, f->to.n)) < 0) {
            Py_XDECREF(made);
            return NULL;
        }
        int stored = PyDict_SetItem(g->calls, SLOT(made, g->c_call_id), made);
        Py_DECREF(made); /* the dict holds it */
        if (stored < 0)
            return NULL;
        call = made;
    } else {
        Py_DECREF(call_id);
        if (!Py_IS_TYPE(call, g->call.type)) {
            PyErr_SetString(PyExc_TypeError, "the grouper's calls must be Call objects");
            return NULL;
        }
    }
    Py_XSETREF(*slot, Py_NewRef(call));
    return call;
}

/* The transaction a message belongs to, made when new (a new reference), or NULL on an error. CANCEL, and the ACK
 * of a non-2xx response, share the INVITE's branch but are transactions of their own: the key is the Call-ID, the
 * branch, the CSeq number and the CSeq method. */
static PyObject *
transaction_of(group_state *g, PyObject *call, brief_fields *f)
{
    int has_branch = f->branch.n >= 0 && f->branch.p != NULL;
    PyObject *list = SLOT(call, g->c_transactions);
    Py_ssize_t size = PyList_GET_SIZE(list);
    for (Py_ssize_t k = size - 1; k >= 0 && k >= size - SCAN; k--) {
        PyObject *t = PyList_GET_ITEM(list, k);
        if (!Py_IS_TYPE(t, g->transaction.type))
            break; /* not ours to read: the table decides */
        PyObject *branch = SLOT(t, g->t_branch), *method = SLOT(t, g->t_method), *number = SLOT(t, g->t_number);
        if (!same_text(method, f->cseq_method.p, f->cseq_method.n) || !PyLong_CheckExact(number))
            continue;
        if (has_branch ? !(PyUnicode_Check(branch) && same_text(branch, f->branch.p, f->branch.n)) : branch != Py_None)
            continue;
        int overflow;
        long long value = PyLong_AsLongLongAndOverflow(number, &overflow);
        if (!overflow && value == f->number)
            return Py_NewRef(t);
    }
    PyObject *branch = has_branch ? text(f->branch.p, f->branch.n) : Py_NewRef(Py_None);
    PyObject *number = PyLong_FromLongLong(f->number);
    PyObject *method = text(f->cseq_method.p, f->cseq_method.n);
    PyObject *key = branch && number && method ? PyTuple_Pack(4, SLOT(call, g->c_call_id), branch, number, method) : NULL;
    PyObject *transaction = NULL;
    if (key == NULL)
        goto done;
    transaction = Py_XNewRef(PyDict_GetItemWithError(g->transactions, key));
    if (transaction != NULL && !Py_IS_TYPE(transaction, g->transaction.type)) {
        PyErr_SetString(PyExc_TypeError, "the grouper's transactions must be Transaction objects");
        Py_CLEAR(transaction);
    }
    if (transaction != NULL || PyErr_Occurred())
        goto done;
    PyObject *shared = PyDict_SetDefault(g->names, method, method);
    if (shared == NULL)
        goto done;
    transaction = layout_new(&g->transaction);
    if (transaction == NULL)
        goto done;
    slot_set(transaction, g->t_branch, branch);
    slot_set(transaction, g->t_number, number);
    slot_set(transaction, g->t_method, shared);
    if (PyDict_SetItem(g->transactions, key, transaction) < 0
        || slot_append_steal(call, g->c_transactions, Py_NewRef(transaction)) < 0)
        Py_CLEAR(transaction);
done:
    Py_XDECREF(branch);
    Py_XDECREF(number);
    Py_XDECREF(method);
    Py_XDECREF(key);
    return transaction;
}

/* Groups one message whose fields were read (sipcodes.calls.Grouper.add, from the reading of the fields on). */
static int
group_one(group_state *g, PyObject *time, PyObject *src, PyObject *dst, PyObject *data, brief_fields *f)
{
    int ok = -1;
    PyObject *line = NULL, *reason = NULL, *key = NULL, *hop = NULL, *transaction = NULL;

    g->messages++;
    if (time != Py_None) {
        if (g->first == Py_None || PyFloat_AS_DOUBLE(time) < PyFloat_AS_DOUBLE(g->first)) {
            Py_INCREF(time);
            Py_SETREF(g->first, time);
        }
        if (g->last == Py_None || PyFloat_AS_DOUBLE(time) > PyFloat_AS_DOUBLE(g->last)) {
            Py_INCREF(time);
            Py_SETREF(g->last, time);
        }
    }
    uint64_t call_hash;
    PyObject *call = call_of(g, f, &call_hash); /* borrowed */
    if (call == NULL)
        goto done;
    if (!PyList_Check(SLOT(call, g->c_seen)) || !PyList_Check(SLOT(call, g->c_transactions))) {
        PyErr_SetString(PyExc_TypeError, "a call's seen and transactions must be lists");
        goto done;
    }
    PyObject *call_id = SLOT(call, g->c_call_id); /* borrowed: one copy of the Call-ID, shared by the keys */

    /* the ladder's short start line, made once per distinct line */
    int slot = (int)(finish_hash(mix(0, f->start.p, f->start.n)) % LINES);
    PyObject *cached = g->lines[slot].raw;
    PyObject *summary; /* borrowed */
    if (cached != NULL && PyBytes_GET_SIZE(cached) == f->start.n
        && memcmp(PyBytes_AS_STRING(cached), f->start.p, (size_t)f->start.n) == 0) {
        line = Py_NewRef(g->lines[slot].line);
        reason = Py_NewRef(g->lines[slot].reason);
        summary = g->lines[slot].summary;
    } else {
        if (!g->ladder && g->lines[slot].summary != NULL && flush_line(g, slot) < 0)
            goto done;
        reason = text(f->reason.p, f->reason.n);
        if (reason == NULL)
            goto done;
        Py_SETREF(reason, Py_XNewRef(PyDict_SetDefault(g->names, reason, reason)));
        if (reason == NULL)
            goto done;
        if (f->status) {
            line = Py_NewRef(status_ints[f->status]);
        } else {
            PyObject *method = text(f->method.p, f->method.n), *uri = text(f->uri.p, f->uri.n);
            line = method && uri ? PyTuple_Pack(2, method, uri) : NULL;
            Py_XDECREF(method);
            Py_XDECREF(uri);
        }
        key = line ? PyTuple_Pack(2, line, reason) : NULL;
        if (key == NULL)
            goto done;
        summary = PyDict_GetItemWithError(g->summaries, key);
        if (summary == NULL) {
            if (PyErr_Occurred())
                goto done;
            PyObject *made;
            if (f->status)
                made = f->reason.n ? PyUnicode_FromFormat("%ld %U", f->status, reason) : PyUnicode_FromFormat("%ld", f->status);
            else
                made = PyUnicode_FromFormat("%U %U", PyTuple_GET_ITEM(line, 0), PyTuple_GET_ITEM(line, 1));
            if (made == NULL)
                goto done;
            summary = PyDict_SetDefault(g->names, made, made);
            Py_DECREF(made);
            if (summary == NULL || PyDict_SetItem(g->summaries, key, summary) < 0)
                goto done;
        }
        PyObject *raw = PyBytes_FromStringAndSize(f->start.p, f->start.n);
        if (raw == NULL)
            goto done;
        Py_XSETREF(g->lines[slot].raw, raw);
        Py_XSETREF(g->lines[slot].line, Py_NewRef(line));
        Py_XSETREF(g->lines[slot].reason, Py_NewRef(reason));
        Py_XSETREF(g->lines[slot].summary, Py_NewRef(summary));
    }
    /* one shared copy of each address: the readers hand the same str for the same address, so the copies of the
     * latest ones are remembered by the str given */
    PyObject *source = NULL, *destination = NULL;
    for (int k = 0; k < ADDRESSES; k++) {
        if (g->addresses[k][0] == src)
            source = g->addresses[k][1];
        if (g->addresses[k][0] == dst)
            destination = g->addresses[k][1];
    }
    if (source == NULL && (source = remember_address(g, src)) == NULL)
        goto done;
    if (destination == NULL && (destination = remember_address(g, dst)) == NULL)
        goto done;

    /* a message already seen on this hop is a retransmission */
    part p_call_id, p_src, p_dst;
    Py_ssize_t n;
    if ((p_call_id.p = ascii_data(call_id, &n)) == NULL)
        goto not_ascii;
    p_call_id.n = n;
    if ((p_src.p = ascii_data(source, &n)) == NULL)
        goto not_ascii;
    p_src.n = n;
    if ((p_dst.p = ascii_data(destination, &n)) == NULL)
        goto not_ascii;
    p_dst.n = n;
    part p_method = {f->method.p, f->method.n}, p_uri = {f->uri.p, f->uri.n}, p_cseq = {f->cseq.p, f->cseq.n};
    part p_branch = {f->branch.p, f->branch.p ? f->branch.n : -1}, p_tag = {f->tag.p, f->tag.p ? f->tag.n : -1};
    (void)p_call_id; /* its bytes are those of f->call_id, already mixed into call_hash */
    uint64_t hash = hop_hash(call_hash, p_src, p_dst, f->status, p_method, p_uri, p_branch, p_cseq, p_tag);
    int repeated;
    if (Py_IS_TYPE(g->hops, &HopSet_Type)) {
        repeated = hops_add((HopSet *)g->hops, hash);
        if (repeated < 0)
            goto done;
    } else {
        hop = PyLong_FromUnsignedLongLong(hash);
        if (hop == NULL)
            goto done;
        repeated = PySet_Contains(g->hops, hop);
        if (repeated < 0 || PySet_Add(g->hops, hop) < 0)
            goto done;
    }
    if (g->ladder || PyList_GET_SIZE(SLOT(call, g->c_seen)) == 0) {
        PyObject *seen = g->seen_type->tp_alloc(g->seen_type, 5);
        if (seen == NULL)
            goto done;
        PyTuple_SET_ITEM(seen, 0, Py_NewRef(time));
        PyTuple_SET_ITEM(seen, 1, Py_NewRef(source));
        PyTuple_SET_ITEM(seen, 2, Py_NewRef(destination));
        PyTuple_SET_ITEM(seen, 3, Py_NewRef(summary));
        PyTuple_SET_ITEM(seen, 4, PyBool_FromLong(repeated));
        if (slot_append_steal(call, g->c_seen, seen) < 0)
            goto done;
    }
    if (!g->ladder)
        g->lines[slot].counts[repeated]++;
    slot_set(call, g->c_last_time, time);
    if (repeated) {
        ok = 0;
        goto done;
    }

    transaction = transaction_of(g, call, f);
    if (transaction == NULL)
        goto done;
    PyObject *final_status = SLOT(transaction, g->t_final_status);
    int final_is_none = final_status == Py_None;
    long final_value = final_is_none ? 0 : PyLong_AsLong(final_status);
    if (final_value == -1 && PyErr_Occurred())
        goto done;
    if (f->status == 0) {
        int had = PyObject_IsTrue(SLOT(transaction, g->t_has_request));
        if (had < 0)
            goto done;
        if (!had) {
            slot_set(transaction, g->t_has_request, Py_True);
            slot_set(transaction, g->t_request_time, time);
            slot_set(transaction, g->t_initial, f->tag.p == NULL ? Py_True : Py_False);
            /* kept for explaining a failure (not when only counting); an ACK is never answered, so its bytes go */
            int ack = same_text(SLOT(transaction, g->t_method), "ACK", 3);
            if (g->ladder && !ack && (final_is_none || final_value >= 300)
                && slot_steal(transaction, g->t_request, message_head(data)) < 0)
                goto done;
        }
        ok = 0;
        goto done;
    }
    PyObject *status = status_ints[f->status]; /* borrowed: held for good */
    if (slot_append_steal(transaction, g->t_responses, Py_NewRef(status)) < 0)
        goto done;
    if (g->ladder && f->status > 100 && f->status < 200) {
        int notable = PySet_Contains(g->notable_codes, status);
        if (notable < 0)
            goto done;
        if (notable || telling(data)) {
            PyObject *head = message_head(data);
            PyObject *entry = head ? PyTuple_Pack(4, status, reason, head, time) : NULL;
            Py_XDECREF(head);
            if (slot_append_steal(transaction, g->t_notable, entry) < 0)
                goto done;
        }
    }
    if (f->status >= 200 && final_is_none) {
        slot_set(transaction, g->t_final_status, status);
        slot_set(transaction, g->t_final_reason, reason);
        slot_set(transaction, g->t_final_time, time);
        if (f->status >= 300) {
            if (g->ladder && slot_steal(transaction, g->t_final, message_head(data)) < 0)
                goto done;
        } else {
            slot_set(transaction, g->t_request, Py_None);
        }
    }
    ok = 0;
    goto done;
not_ascii:
    /* cannot happen for what read_fields and the readers give (ASCII), but is not assumed */
    PyErr_SetString(PyExc_ValueError, "grouping: a Call-ID or address that is not ASCII");
done:
    Py_XDECREF(line);
    Py_XDECREF(reason);
    Py_XDECREF(key);
    Py_XDECREF(hop);
    Py_XDECREF(transaction);
    return ok;
}

/* the layouts of Call and Transaction, and the offsets group_one uses; -1 on an error */
static int
read_layouts(group_state *g, PyObject *call_type, PyObject *transaction_type)
{
    if (!PyType_Check(call_type) || !PyType_Check(transaction_type)) {
        PyErr_SetString(PyExc_TypeError, "Call and Transaction must be classes");
        return -1;
    }
    PyObject *empty = PyUnicode_New(0, 0);
    PyObject *zero = empty ? PyLong_FromLong(0) : NULL;
    PyObject *call = zero ? PyObject_CallFunctionObjArgs(call_type, empty, empty, empty, NULL) : NULL;
    PyObject *transaction = call ? PyObject_CallFunctionObjArgs(transaction_type, Py_None, zero, empty, NULL) : NULL;
    int ok = -1;
    if (transaction == NULL)
        goto done;
    if (layout_read(&g->call, (PyTypeObject *)call_type, call) < 0
        || layout_read(&g->transaction, (PyTypeObject *)transaction_type, transaction) < 0)
        goto done;
#define OFFSET(var, type, name) if ((var = slot_offset(type, name)) < 0) goto done
    OFFSET(g->c_call_id, g->call.type, s_call_id);
    OFFSET(g->c_from, g->call.type, s_from);
    OFFSET(g->c_to, g->call.type, s_to);
    OFFSET(g->c_seen, g->call.type, s_seen);
    OFFSET(g->c_transactions, g->call.type, s_transactions);
    OFFSET(g->c_last_time, g->call.type, s_last_time);
    OFFSET(g->t_branch, g->transaction.type, s_branch);
    OFFSET(g->t_number, g->transaction.type, s_cseq_number);
    OFFSET(g->t_method, g->transaction.type, s_method);
    OFFSET(g->t_initial, g->transaction.type, s_initial);
    OFFSET(g->t_request, g->transaction.type, s_request);
    OFFSET(g->t_responses, g->transaction.type, s_responses);
    OFFSET(g->t_final_status, g->transaction.type, s_final_status);
    OFFSET(g->t_final_reason, g->transaction.type, s_final_reason);
    OFFSET(g->t_final, g->transaction.type, s_final);
    OFFSET(g->t_final_time, g->transaction.type, s_final_time);
    OFFSET(g->t_has_request, g->transaction.type, s_has_request);
    OFFSET(g->t_request_time, g->transaction.type, s_request_time);
    OFFSET(g->t_notable, g->transaction.type, s_notable);
#undef OFFSET
    /* the slots that must be lists, and the defaults group_one relies on */
    for (int k = 0; k < g->call.count; k++)
        if ((g->call.offsets[k] == g->c_seen || g->call.offsets[k] == g->c_transactions) && g->call.defaults[k] != NULL)
            goto wrong;
    for (int k = 0; k < g->transaction.count; k++) {
        Py_ssize_t at = g->transaction.offsets[k];
        if ((at == g->t_responses || at == g->t_notable) && g->transaction.defaults[k] != NULL)
            goto wrong;
        if ((at == g->t_final_status || at == g->t_has_request) && g->transaction.defaults[k] == NULL)
            goto wrong;
    }
    ok = 0;
    goto done;
wrong:
    PyErr_SetString(PyExc_TypeError, "Call and Transaction do not have the fields grouping expects");
done:
    Py_XDECREF(empty);
    Py_XDECREF(zero);
    Py_XDECREF(call);
    Py_XDECREF(transaction);
    return ok;
}

/* ---- call keys: what counting a call depends on (sipcodes.stats._tally._python_call_keys) ---- */

/* whether a request sent at `sent` is older than `timer` at `end`: Py_None when either time is unknown */
static PyObject *
older(PyObject *sent, PyObject *end, double timer)
{
    if (sent == Py_None || end == Py_None)
        return Py_NewRef(Py_None);
    if (PyFloat_CheckExact(sent) && PyFloat_CheckExact(end))
        return PyBool_FromLong(PyFloat_AS_DOUBLE(end) - PyFloat_AS_DOUBLE(sent) >= timer);
    PyObject *age = PyNumber_Subtract(end, sent);
    PyObject *limit = age ? PyFloat_FromDouble(timer) : NULL;
    PyObject *result = limit ? PyObject_RichCompare(age, limit, Py_GE) : NULL;
    Py_XDECREF(age);
    Py_XDECREF(limit);
    return result;
}

/* the index of the first transaction of `list` (up to `i`) with the branch and CSeq number of the i-th; with
 * `firsts`, a dict {(branch, number): index} kept across the calls for one list, when the list is long */
static PyObject *
pair_of(group_state *g, PyObject *list, Py_ssize_t i, PyObject *firsts)
{
    PyObject *t = PyList_GET_ITEM(list, i);
    PyObject *branch = SLOT(t, g->t_branch), *number = SLOT(t, g->t_number);
    if (firsts != NULL) {
        PyObject *key = PyTuple_Pack(2, branch, number);
        PyObject *index = key ? PyLong_FromSsize_t(i) : NULL;
        PyObject *found = index ? Py_XNewRef(PyDict_SetDefault(firsts, key, index)) : NULL;
        Py_XDECREF(key);
        Py_XDECREF(index);
        return found;
    }
    for (Py_ssize_t j = 0; j < i; j++) {
        PyObject *other = PyList_GET_ITEM(list, j);
        int same = PyObject_RichCompareBool(SLOT(other, g->t_branch), branch, Py_EQ);
        if (same > 0)
            same = PyObject_RichCompareBool(SLOT(other, g->t_number), number, Py_EQ);
        if (same < 0)
            return NULL;
        if (same)
            return PyLong_FromSsize_t(j);
    }
    return PyLong_FromSsize_t(i);
}

/* a == b, by identity first (the shared strs, ints and bools of grouping), then as a dict compares keys */
static inline int
same(PyObject *a, PyObject *b)
{
    return a == b ? 1 : PyObject_RichCompareBool(a, b, Py_EQ);
}

/* whether the key `key` (made by call_keys) is the key of the transactions `list` (at most 16 of them): 1, 0, or -1
 * on an error. Calls alike come in long runs, so most calls are matched to a key met just before, without making
 * one. */
static int
key_matches(group_state *g, PyObject *key, PyObject *list, PyObject *end, double timer)
{
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (PyTuple_GET_SIZE(key) != n)
        return 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyList_GET_ITEM(list, i), *item = PyTuple_GET_ITEM(key, i);
        if (!Py_IS_TYPE(t, g->transaction.type) || !PyList_Check(SLOT(t, g->t_responses)))
            return 0; /* left to the building of a key, which reports it */
        PyObject *responses = SLOT(t, g->t_responses), *known = PyTuple_GET_ITEM(item, 1);
        if (PyList_GET_SIZE(responses) != PyTuple_GET_SIZE(known))
            return 0;
        int equal = same(SLOT(t, g->t_method), PyTuple_GET_ITEM(item, 0));
        for (Py_ssize_t r = 0; equal > 0 && r < PyTuple_GET_SIZE(known); r++)
            equal = same(PyList_GET_ITEM(responses, r), PyTuple_GET_ITEM(known, r));
        if (equal > 0)
            equal = same(SLOT(t, g->t_initial), PyTuple_GET_ITEM(item, 2));
        if (equal > 0)
            equal = same(SLOT(t, g->t_has_request), PyTuple_GET_ITEM(item, 3));
        if (equal > 0)
            equal = same(SLOT(t, g->t_final_status), PyTuple_GET_ITEM(item, 4));
        if (equal > 0) {
            PyObject *old = older(SLOT(t, g->t_request_time), end, timer);
            if (old == NULL)
                return -1;
            equal = same(old, PyTuple_GET_ITEM(item, 5));
            Py_DECREF(old);
        }
        if (equal > 0) {
            PyObject *pair = pair_of(g, list, i, NULL);
            if (pair == NULL)
                return -1;
            equal = same(pair, PyTuple_GET_ITEM(item, 6));
            Py_DECREF(pair);
        }
        if (equal <= 0)
            return equal;
    }
    return 1;
}

#define KNOWN 16 /* keys call_keys compares a call with before making its key */

/* call_keys(calls, end, timer, Call, Transaction, table) -> [int]: for each call the id of its key in `table`
 * ({key: id}, ids in the order keys were first met; new keys are added). */
static PyObject *
call_keys(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6 || !PyList_Check(args[0]) || !PyDict_Check(args[5])) {
        PyErr_SetString(PyExc_TypeError, "call_keys(calls: list, end, timer, Call, Transaction, table: dict)");
        return NULL;
    }
    PyObject *calls = args[0], *end = args[1], *table = args[5];
    double timer = PyFloat_AsDouble(args[2]);
    if (timer == -1.0 && PyErr_Occurred())
        return NULL;
    group_state *g = PyMem_Calloc(1, sizeof(group_state));
    if (g == NULL)
        return PyErr_NoMemory();
    PyObject *result = NULL, *ids = NULL, *key = NULL, *firsts = NULL;
    PyObject *known[KNOWN][2] = {{NULL}}; /* (key, id), most recently met first; owned */
    if (read_layouts(g, args[3], args[4]) < 0)
        goto done;
    ids = PyList_New(PyList_GET_SIZE(calls));
    if (ids == NULL)
        goto done;
    for (Py_ssize_t c = 0; c < PyList_GET_SIZE(calls); c++) {
        PyObject *call = PyList_GET_ITEM(calls, c);
        if (!Py_IS_TYPE(call, g->call.type)) {
            PyErr_SetString(PyExc_TypeError, "call_keys: the calls must be Call objects");
            goto done;
        }
        PyObject *list = SLOT(call, g->c_transactions);
        if (!PyList_Check(list)) {
            PyErr_SetString(PyExc_TypeError, "call_keys: a call's transactions must be a list");
            goto done;
        }
        Py_ssize_t n = PyList_GET_SIZE(list);
        int found = -1;
        for (int k = 0; n <= 16 && k < KNOWN && known[k][0] != NULL; k++) {
            int matches = key_matches(g, known[k][0], list, end, timer);
            if (matches < 0)
                goto done;
            if (matches) {
                found = k;
                break;
            }
        }
        if (found >= 0) {
            PyObject *hit[2] = {known[found][0], known[found][1]};
            memmove(known[1], known[0], sizeof(known[0]) * (size_t)found);
            known[0][0] = hit[0];
            known[0][1] = hit[1];
            PyList_SET_ITEM(ids, c, Py_NewRef(hit[1]));
            continue;
        }
        key = PyTuple_New(n);
        if (key == NULL)
            goto done;
        if (n > 16 && (firsts = PyDict_New()) == NULL)
            goto done;
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *t = PyList_GET_ITEM(list, i);
            if (!Py_IS_TYPE(t, g->transaction.type) || !PyList_Check(SLOT(t, g->t_responses))) {
                PyErr_SetString(PyExc_TypeError, "call_keys: a call's transactions must be Transaction objects");
                goto done;
            }
            PyObject *item = PyTuple_New(7);
            if (item == NULL)
                goto done;
            PyTuple_SET_ITEM(key, i, item);
            PyTuple_SET_ITEM(item, 0, Py_NewRef(SLOT(t, g->t_method)));
            PyTuple_SET_ITEM(item, 1, PyList_AsTuple(SLOT(t, g->t_responses)));
            PyTuple_SET_ITEM(item, 2, Py_NewRef(SLOT(t, g->t_initial)));
            PyTuple_SET_ITEM(item, 3, Py_NewRef(SLOT(t, g->t_has_request)));
            PyTuple_SET_ITEM(item, 4, Py_NewRef(SLOT(t, g->t_final_status)));
            PyTuple_SET_ITEM(item, 5, older(SLOT(t, g->t_request_time), end, timer));
            PyTuple_SET_ITEM(item, 6, pair_of(g, list, i, firsts));
            if (PyTuple_GET_ITEM(item, 1) == NULL || PyTuple_GET_ITEM(item, 5) == NULL
                || PyTuple_GET_ITEM(item, 6) == NULL)
                goto done;
        }
        Py_CLEAR(firsts);
        PyObject *size = PyLong_FromSsize_t(PyDict_GET_SIZE(table));
        PyObject *id = size ? Py_XNewRef(PyDict_SetDefault(table, key, size)) : NULL;
        Py_XDECREF(size);
        if (id == NULL)
            goto done;
        PyList_SET_ITEM(ids, c, id);
        Py_XDECREF(known[KNOWN - 1][0]);
        Py_XDECREF(known[KNOWN - 1][1]);
        memmove(known[1], known[0], sizeof(known[0]) * (KNOWN - 1));
        known[0][0] = key; /* the reference made above */
        known[0][1] = Py_NewRef(id);
        key = NULL;
    }
    result = Py_NewRef(ids);
done:
    for (int k = 0; k < KNOWN; k++) {
        Py_XDECREF(known[k][0]);
        Py_XDECREF(known[k][1]);
    }
    Py_XDECREF(ids);
    Py_XDECREF(key);
    Py_XDECREF(firsts);
    layout_clear(&g->call);
    layout_clear(&g->transaction);
    PyMem_Free(g);
    return result;
}

/* group(grouper, records, Call, Transaction, Seen, notable codes): sipcodes.calls.Grouper.add for every record,
 * done here for the messages whose fields read_fields reads, by grouper.add for any other. */
static PyObject *
group(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6 || !PyType_Check(args[4]) || !PyType_IsSubtype((PyTypeObject *)args[4], &PyTuple_Type)
        || !PyAnySet_Check(args[5])) {
        PyErr_SetString(PyExc_TypeError, "group(grouper, records, Call, Transaction, Seen (a tuple type), notable codes)");
        return NULL;
    }
    group_state *g = PyMem_Calloc(1, sizeof(group_state));
    if (g == NULL)
        return PyErr_NoMemory();
    g->grouper = args[0];
    g->seen_type = (PyTypeObject *)args[4];
    g->notable_codes = args[5];
    PyObject *iterator = NULL, *add = NULL, *result = NULL, *batch = NULL, *ladder = NULL;
    if (read_layouts(g, args[2], args[3]) < 0)
        goto done;
    g->calls = PyObject_GetAttr(g->grouper, s_calls);
    g->hops = g->calls ? PyObject_GetAttr(g->grouper, s_hops) : NULL;
    g->transactions = g->hops ? PyObject_GetAttr(g->grouper, s_transaction_table) : NULL;
    g->names = g->transactions ? PyObject_GetAttr(g->grouper, s_names) : NULL;
    g->summaries = g->names ? PyObject_GetAttr(g->grouper, s_summaries) : NULL;
    g->line_counts = g->summaries ? PyObject_GetAttr(g->grouper, s_line_counts) : NULL;
    ladder = g->line_counts ? PyObject_GetAttr(g->grouper, s_ladder) : NULL;
    add = ladder ? PyObject_GetAttr(g->grouper, s_add) : NULL;
    if (add == NULL)
        goto done;
    if (!PyDict_CheckExact(g->calls) || !(PySet_CheckExact(g->hops) || Py_IS_TYPE(g->hops, &HopSet_Type)) || !PyDict_CheckExact(g->transactions)
        || !PyDict_CheckExact(g->names) || !PyDict_CheckExact(g->summaries) || !PyDict_Check(g->line_counts)) {
        PyErr_SetString(PyExc_TypeError, "the grouper's tables must be dicts and a set");
        goto done;
    }
    if ((g->ladder = PyObject_IsTrue(ladder)) < 0)
        goto done;
    g->first = Py_NewRef(Py_None);
    g->last = Py_NewRef(Py_None);
    if (reload(g) < 0)
        goto done;
    iterator = PyObject_GetIter(args[1]);
    if (iterator == NULL)
        goto done;
    PyObject *record;
    Py_ssize_t in_batch = 0;
    for (;;) {
        /* records come one by one, or in lists (a chunk the native pcap reader decoded whole) */
        if (batch != NULL && in_batch < PyList_GET_SIZE(batch)) {
            record = Py_NewRef(PyList_GET_ITEM(batch, in_batch));
            in_batch++;
        } else {
            Py_CLEAR(batch);
            record = PyIter_Next(iterator);
            if (record == NULL)
                break;
            if (PyList_CheckExact(record)) {
                batch = record;
                in_batch = 0;
                continue;
            }
        }
        brief_fields f;
        int fast = 0;
        if (PyTuple_Check(record) && PyTuple_GET_SIZE(record) == 5) {
            PyObject *time = PyTuple_GET_ITEM(record, 0), *src = PyTuple_GET_ITEM(record, 1);
            PyObject *dst = PyTuple_GET_ITEM(record, 2), *data = PyTuple_GET_ITEM(record, 4);
            if ((time == Py_None || PyFloat_CheckExact(time)) && PyUnicode_CheckExact(src)
                && PyUnicode_IS_COMPACT_ASCII(src) && PyUnicode_CheckExact(dst) && PyUnicode_IS_COMPACT_ASCII(dst)
                && PyBytes_CheckExact(data)
                && (g->first == Py_None || PyFloat_CheckExact(g->first))
                && (g->last == Py_None || PyFloat_CheckExact(g->last))
                && read_fields(PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), &f)) {
                fast = 1;
                if (group_one(g, time, src, dst, data, &f) < 0) {
                    Py_DECREF(record);
                    goto done;
                }
            }
        }
        if (!fast) {
            if (flush(g) < 0) {
                Py_DECREF(record);
                goto done;
            }
            PyObject *added = PyObject_CallOneArg(add, record);
            if (added == NULL || reload(g) < 0) {
                Py_XDECREF(added);
                Py_DECREF(record);
                goto done;
            }
            Py_DECREF(added);
        }
        Py_DECREF(record);
    }
    if (PyErr_Occurred())
        goto done;
    if (flush(g) < 0)
        goto done;
    result = Py_NewRef(Py_None);
done:
    if (result == NULL && g->first != NULL) {
        /* keep what was counted before the error */
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        if (flush(g) < 0)
            PyErr_Clear();
        PyErr_Restore(type, value, traceback);
    }
    Py_XDECREF(batch);
    Py_XDECREF(iterator);
    Py_XDECREF(add);
    Py_XDECREF(ladder);
    Py_XDECREF(g->calls);
    Py_XDECREF(g->hops);
    Py_XDECREF(g->transactions);
    Py_XDECREF(g->names);
    Py_XDECREF(g->summaries);
    Py_XDECREF(g->line_counts);
    Py_XDECREF(g->first);
    Py_XDECREF(g->last);
    for (int k = 0; k < LINES; k++) {
        Py_XDECREF(g->lines[k].raw);
        Py_XDECREF(g->lines[k].line);
        Py_XDECREF(g->lines[k].reason);
        Py_XDECREF(g->lines[k].summary);
    }
    for (int k = 0; k < RECENT; k++)
        Py_XDECREF(g->recent[k]);
    for (int k = 0; k < ADDRESSES; k++) {
        Py_XDECREF(g->addresses[k][0]);
        Py_XDECREF(g->addresses[k][1]);
    }
    layout_clear(&g->call);
    layout_clear(&g->transaction);
    PyMem_Free(g);
    return result;
}

static PyMethodDef methods[] = {
    {"brief", brief, METH_O, "The grouping fields of a plain SIP message as a Brief, or None."},
    {"set_brief_type", set_brief_type, METH_O, "The tuple subclass brief returns."},
    {"udp4", (PyCFunction)(void (*)(void))udp4, METH_FASTCALL,
     "(source, destination, payload) of a plain IPv4/UDP packet at offset in a frame, or None."},
    {"hop_key", (PyCFunction)(void (*)(void))hop_key, METH_FASTCALL,
     "The hop key of a message (Grouper.add): (call_id, src, dst, status, method, uri, branch, cseq, tag)."},
    {"call_keys", (PyCFunction)(void (*)(void))call_keys, METH_FASTCALL,
     "For each call, the id of its key in a table: what counting it depends on (stats)."},
    {"group", (PyCFunction)(void (*)(void))group, METH_FASTCALL,
     "Grouper.add for every record of an iterable, plain messages grouped here."},
    {"pcap_records", (PyCFunction)(void (*)(void))pcap_records, METH_FASTCALL,
     "The whole pcap records of a buffer from a position: plain SIP datagrams decoded, other frames as they are."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "sipcodes._speedups", "Native fast paths for reading large captures.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    fill_classes();
    if (intern_names() < 0 || make_status_ints() < 0 || PyType_Ready(&HopSet_Type) < 0)
        return NULL;
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL)
        return NULL;
    if (PyModule_AddObjectRef(module, "HopSet", (PyObject *)&HopSet_Type) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
