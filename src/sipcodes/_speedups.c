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
#include <stdint.h>
#include <string.h>

/* character classes, filled once at import */
static unsigned char is_token[256];    /* RFC 3261 token: alphanumerics and -.!%*_+`'~ */
static unsigned char is_value[256];    /* a plain parameter value: token characters and : [ ] */
static unsigned char is_host[256];     /* a host name or IPv4 address: alphanumerics . - */
static unsigned char is_v6[256];       /* inside [ ] of an IPv6 reference: hex digits : . */
static unsigned char is_plain[256];    /* what a plain header line is made of: printable ASCII and tab */

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

static int
field_of(const char *name, Py_ssize_t n)
{
    switch (n) {
    case 1:
        switch (name[0] | 0x20) {
        case 'i': return F_CALL_ID;
        case 'v': return F_VIA;
        case 't': return F_TO;
        case 'f': return F_FROM;
        }
        return -1;
    case 2:
        return same_name(name, n, "to") ? F_TO : -1;
    case 3:
        return same_name(name, n, "via") ? F_VIA : -1;
    case 4:
        return same_name(name, n, "cseq") ? F_CSEQ : same_name(name, n, "from") ? F_FROM : -1;
    case 7:
        return same_name(name, n, "call-id") ? F_CALL_ID : -1;
    }
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
        while (stop < size && is_plain[(unsigned char)p[stop]])
            stop++;
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
            Py_ssize_t k = 0;
            while (k < length && line[k] != ' ' && line[k] != '\t' && line[k] != ':')
                k++;
            Py_ssize_t name_n = k;
            while (k < length && (line[k] == ' ' || line[k] == '\t'))
                k++;
            if (k < length && line[k] == ':') {
                int which = field_of(line, name_n);
                if (which >= 0) {
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
static PyObject *s_calls, *s_hops, *s_transaction_table, *s_names, *s_summaries, *s_first_time, *s_last_time, *s_messages, *s_add;
static PyObject *s_seen, *s_transactions, *s_has_request, *s_initial, *s_final_status, *s_request, *s_responses,
    *s_notable, *s_final_reason, *s_final_time, *s_final, *s_call_id, *s_request_time;

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
#undef NAME
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

static int
append_steal(PyObject *object, PyObject *name, PyObject *value)
{
    if (value == NULL)
        return -1;
    PyObject *list = PyObject_GetAttr(object, name);
    if (list == NULL) {
        Py_DECREF(value);
        return -1;
    }
    int failed = PyList_Check(list) ? PyList_Append(list, value) : -1;
    if (failed && !PyErr_Occurred())
        PyErr_SetString(PyExc_TypeError, "expected a list");
    Py_DECREF(list);
    Py_DECREF(value);
    return failed;
}

#define LINES 64

typedef struct {
    PyObject *grouper, *calls, *hops, *transactions, *names, *summaries, *call_type, *transaction_type, *notable_codes;
    PyTypeObject *seen_type;
    PyObject *first, *last; /* owned; Py_None when not yet seen */
    Py_ssize_t messages;    /* added since the last flush */
    /* start lines met lately, with what grouping makes of them (a capture repeats a few start lines) */
    struct {
        PyObject *raw, *line, *reason, *summary;
    } lines[LINES];
} group_state;

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

/* Groups one message whose fields were read (sipcodes.calls.Grouper.add, from the reading of the fields on). */
static int
group_one(group_state *g, PyObject *time, PyObject *src, PyObject *dst, PyObject *data, brief_fields *f)
{
    int ok = -1;
    PyObject *call_id = NULL, *line = NULL, *reason = NULL, *key = NULL, *hop_tuple = NULL;
    PyObject *branch = NULL, *tag = NULL, *cseq = NULL, *hop = NULL, *seen = NULL, *cseq_method = NULL;
    PyObject *number = NULL, *transaction = NULL, *status = NULL, *final_status = NULL;

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
    call_id = text(f->call_id.p, f->call_id.n);
    if (call_id == NULL)
        goto done;
    PyObject *call = PyDict_GetItemWithError(g->calls, call_id); /* borrowed */
    if (call == NULL) {
        if (PyErr_Occurred())
            goto done;
        PyObject *from = text(f->from.p, f->from.n), *to = text(f->to.p, f->to.n);
        PyObject *made = from && to ? PyObject_CallFunctionObjArgs(g->call_type, call_id, from, to, NULL) : NULL;
        Py_XDECREF(from);
        Py_XDECREF(to);
        if (made == NULL)
            goto done;
        int stored = PyDict_SetItem(g->calls, call_id, made);
        Py_DECREF(made); /* the dict holds it */
        if (stored < 0)
            goto done;
        call = made;
    }
    /* one copy of the Call-ID, shared by the keys below */
    Py_SETREF(call_id, PyObject_GetAttr(call, s_call_id));
    if (call_id == NULL)
        goto done;

    /* the ladder's short start line, made once per distinct line */
    uint64_t fnv = 1469598103934665603ull;
    for (Py_ssize_t k = 0; k < f->start.n; k++)
        fnv = (fnv ^ (unsigned char)f->start.p[k]) * 1099511628211ull;
    size_t slot = (size_t)(fnv % LINES);
    PyObject *cached = g->lines[slot].raw;
    PyObject *summary; /* borrowed */
    if (cached != NULL && PyBytes_GET_SIZE(cached) == f->start.n
        && memcmp(PyBytes_AS_STRING(cached), f->start.p, (size_t)f->start.n) == 0) {
        line = Py_NewRef(g->lines[slot].line);
        reason = Py_NewRef(g->lines[slot].reason);
        summary = g->lines[slot].summary;
    } else {
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
    PyObject *source = PyDict_SetDefault(g->names, src, src);
    PyObject *destination = source ? PyDict_SetDefault(g->names, dst, dst) : NULL;
    if (destination == NULL)
        goto done;
    branch = f->branch.n >= 0 && f->branch.p ? text(f->branch.p, f->branch.n) : Py_NewRef(Py_None);
    tag = f->tag.n >= 0 && f->tag.p ? text(f->tag.p, f->tag.n) : Py_NewRef(Py_None);
    cseq = text(f->cseq.p, f->cseq.n);
    hop_tuple = branch && tag && cseq ? PyTuple_Pack(7, call_id, source, destination, line, branch, cseq, tag) : NULL;
    if (hop_tuple == NULL)
        goto done;
    Py_hash_t hash = PyObject_Hash(hop_tuple);
    if (hash == -1 && PyErr_Occurred())
        goto done;
    hop = PyLong_FromSsize_t(hash);
    if (hop == NULL)
        goto done;
    int repeated = PySet_Contains(g->hops, hop);
    if (repeated < 0 || PySet_Add(g->hops, hop) < 0)
        goto done;
    seen = g->seen_type->tp_alloc(g->seen_type, 5);
    if (seen == NULL)
        goto done;
    Py_INCREF(time);
    PyTuple_SET_ITEM(seen, 0, time);
    Py_INCREF(source);
    PyTuple_SET_ITEM(seen, 1, source);
    Py_INCREF(destination);
    PyTuple_SET_ITEM(seen, 2, destination);
    Py_INCREF(summary);
    PyTuple_SET_ITEM(seen, 3, summary);
    PyTuple_SET_ITEM(seen, 4, PyBool_FromLong(repeated));
    int appended = append_steal(call, s_seen, seen);
    seen = NULL;
    if (appended < 0)
        goto done;
    if (repeated) {
        ok = 0;
        goto done;
    }

    /* CANCEL, and the ACK of a non-2xx response, share the INVITE's branch but are transactions of their own */
    cseq_method = text(f->cseq_method.p, f->cseq_method.n);
    number = PyLong_FromLongLong(f->number);
    Py_CLEAR(key);
    key = cseq_method && number ? PyTuple_Pack(4, call_id, branch, number, cseq_method) : NULL;
    if (key == NULL)
        goto done;
    transaction = PyDict_GetItemWithError(g->transactions, key);
    if (transaction == NULL) {
        if (PyErr_Occurred())
            goto done;
        PyObject *shared = PyDict_SetDefault(g->names, cseq_method, cseq_method);
        if (shared == NULL)
            goto done;
        transaction = PyObject_CallFunctionObjArgs(g->transaction_type, branch, number, shared, NULL);
        if (transaction == NULL || PyDict_SetItem(g->transactions, key, transaction) < 0)
            goto done;
        Py_INCREF(transaction);
        if (append_steal(call, s_transactions, transaction) < 0)
            goto done;
    } else {
        Py_INCREF(transaction);
    }
    final_status = PyObject_GetAttr(transaction, s_final_status);
    if (final_status == NULL)
        goto done;
    int final_is_none = final_status == Py_None;
    long final_value = final_is_none ? 0 : PyLong_AsLong(final_status);
    if (final_value == -1 && PyErr_Occurred())
        goto done;
    if (f->status == 0) {
        PyObject *has_request = PyObject_GetAttr(transaction, s_has_request);
        if (has_request == NULL)
            goto done;
        int had = PyObject_IsTrue(has_request);
        Py_DECREF(has_request);
        if (had < 0)
            goto done;
        if (!had) {
            if (PyObject_SetAttr(transaction, s_has_request, Py_True) < 0
                || PyObject_SetAttr(transaction, s_request_time, time) < 0
                || PyObject_SetAttr(transaction, s_initial, tag == Py_None ? Py_True : Py_False) < 0)
                goto done;
            /* kept for explaining a failure; an ACK is never answered, so its bytes go */
            int ack = f->cseq_method.n == 3 && memcmp(f->cseq_method.p, "ACK", 3) == 0;
            if (!ack && (final_is_none || final_value >= 300)
                && set_attr_steal(transaction, s_request, message_head(data)) < 0)
                goto done;
        }
        ok = 0;
        goto done;
    }
    status = Py_NewRef(status_ints[f->status]);
    Py_INCREF(status);
    if (append_steal(transaction, s_responses, status) < 0)
        goto done;
    if (f->status > 100 && f->status < 200) {
        int notable = PySet_Contains(g->notable_codes, status);
        if (notable < 0)
            goto done;
        if (notable || telling(data)) {
            PyObject *head = message_head(data);
            PyObject *entry = head ? PyTuple_Pack(4, status, reason, head, time) : NULL;
            Py_XDECREF(head);
            if (append_steal(transaction, s_notable, entry) < 0)
                goto done;
        }
    }
    if (f->status >= 200 && final_is_none) {
        if (PyObject_SetAttr(transaction, s_final_status, status) < 0
            || PyObject_SetAttr(transaction, s_final_reason, reason) < 0
            || PyObject_SetAttr(transaction, s_final_time, time) < 0)
            goto done;
        if (f->status >= 300) {
            if (set_attr_steal(transaction, s_final, message_head(data)) < 0)
                goto done;
        } else if (PyObject_SetAttr(transaction, s_request, Py_None) < 0) {
            goto done;
        }
    }
    ok = 0;
done:
    Py_XDECREF(call_id);
    Py_XDECREF(line);
    Py_XDECREF(reason);
    Py_XDECREF(key);
    Py_XDECREF(hop_tuple);
    Py_XDECREF(branch);
    Py_XDECREF(tag);
    Py_XDECREF(cseq);
    Py_XDECREF(hop);
    Py_XDECREF(seen);
    Py_XDECREF(cseq_method);
    Py_XDECREF(number);
    Py_XDECREF(transaction);
    Py_XDECREF(status);
    Py_XDECREF(final_status);
    return ok;
}

/* group(grouper, records, Call, Transaction, Seen, notable codes): sipcodes.calls.Grouper.add for every record,
 * done here for the messages whose fields read_fields reads, by grouper.add for any other. */
static PyObject *
group(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6 || !PyType_Check(args[4]) || !PyAnySet_Check(args[5])) {
        PyErr_SetString(PyExc_TypeError, "group(grouper, records, Call, Transaction, Seen, notable codes)");
        return NULL;
    }
    group_state g = {0};
    g.grouper = args[0];
    g.call_type = args[2];
    g.transaction_type = args[3];
    g.seen_type = (PyTypeObject *)args[4];
    g.notable_codes = args[5];
    PyObject *iterator = NULL, *add = NULL, *result = NULL, *batch = NULL;
    g.calls = PyObject_GetAttr(g.grouper, s_calls);
    g.hops = g.calls ? PyObject_GetAttr(g.grouper, s_hops) : NULL;
    g.transactions = g.hops ? PyObject_GetAttr(g.grouper, s_transaction_table) : NULL;
    g.names = g.transactions ? PyObject_GetAttr(g.grouper, s_names) : NULL;
    g.summaries = g.names ? PyObject_GetAttr(g.grouper, s_summaries) : NULL;
    add = g.summaries ? PyObject_GetAttr(g.grouper, s_add) : NULL;
    if (add == NULL)
        goto done;
    if (!PyDict_CheckExact(g.calls) || !PySet_CheckExact(g.hops) || !PyDict_CheckExact(g.transactions)
        || !PyDict_CheckExact(g.names) || !PyDict_CheckExact(g.summaries)) {
        PyErr_SetString(PyExc_TypeError, "the grouper's tables must be dicts and a set");
        goto done;
    }
    g.first = Py_NewRef(Py_None);
    g.last = Py_NewRef(Py_None);
    if (reload(&g) < 0)
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
                && PyUnicode_CheckExact(dst) && PyBytes_CheckExact(data)
                && (g.first == Py_None || PyFloat_CheckExact(g.first))
                && (g.last == Py_None || PyFloat_CheckExact(g.last))
                && read_fields(PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), &f)) {
                fast = 1;
                if (group_one(&g, time, src, dst, data, &f) < 0) {
                    Py_DECREF(record);
                    goto done;
                }
            }
        }
        if (!fast) {
            if (flush(&g) < 0) {
                Py_DECREF(record);
                goto done;
            }
            PyObject *added = PyObject_CallOneArg(add, record);
            if (added == NULL || reload(&g) < 0) {
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
    if (flush(&g) < 0)
        goto done;
    result = Py_NewRef(Py_None);
done:
    if (result == NULL && g.first != NULL) {
        /* keep what was counted before the error */
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        if (flush(&g) < 0)
            PyErr_Clear();
        PyErr_Restore(type, value, traceback);
    }
    Py_XDECREF(batch);
    Py_XDECREF(iterator);
    Py_XDECREF(add);
    Py_XDECREF(g.calls);
    Py_XDECREF(g.hops);
    Py_XDECREF(g.transactions);
    Py_XDECREF(g.names);
    Py_XDECREF(g.summaries);
    Py_XDECREF(g.first);
    Py_XDECREF(g.last);
    for (int k = 0; k < LINES; k++) {
        Py_XDECREF(g.lines[k].raw);
        Py_XDECREF(g.lines[k].line);
        Py_XDECREF(g.lines[k].reason);
        Py_XDECREF(g.lines[k].summary);
    }
    return result;
}

static PyMethodDef methods[] = {
    {"brief", brief, METH_O, "The grouping fields of a plain SIP message as a Brief, or None."},
    {"set_brief_type", set_brief_type, METH_O, "The tuple subclass brief returns."},
    {"udp4", (PyCFunction)(void (*)(void))udp4, METH_FASTCALL,
     "(source, destination, payload) of a plain IPv4/UDP packet at offset in a frame, or None."},
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
    if (intern_names() < 0 || make_status_ints() < 0)
        return NULL;
    return PyModule_Create(&module_def);
}
