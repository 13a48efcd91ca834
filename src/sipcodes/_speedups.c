/* Native versions of the two per-packet steps that dominate reading a large capture: reading the grouping fields
 * of a plain SIP message (sipcodes.sip._brief.brief) and decoding an Ethernet/IPv4/UDP frame down to its payload
 * (the common case of sipcodes.capture._packets).
 *
 * Both are optional accelerators of Python code that stays the reference. Each answers only the plain cases and
 * returns None for anything else, so that the Python code decides; where they answer, they give exactly what the
 * Python code gives (the tests compare both on every message they have and on generated ones).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <string.h>

/* character classes, filled once at import */
static unsigned char is_token[256];    /* RFC 3261 token: alphanumerics and -.!%*_+`'~ */
static unsigned char is_value[256];    /* a plain parameter value: token characters and : [ ] */
static unsigned char is_host[256];     /* a host name or IPv4 address: alphanumerics . - */
static unsigned char is_v6[256];       /* inside [ ] of an IPv6 reference: hex digits : . */

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
    if (n == 1) {
        switch (name[0] | 0x20) {
        case 'i': return F_CALL_ID;
        case 'v': return F_VIA;
        case 't': return F_TO;
        case 'f': return F_FROM;
        }
        return -1;
    }
    if (same_name(name, n, "call-id"))
        return F_CALL_ID;
    if (same_name(name, n, "cseq"))
        return F_CSEQ;
    if (same_name(name, n, "via"))
        return F_VIA;
    if (same_name(name, n, "to"))
        return F_TO;
    if (same_name(name, n, "from"))
        return F_FROM;
    return -1;
}

static PyObject *
brief(PyObject *module, PyObject *arg)
{
    (void)module;
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    const char *p = (const char *)view.buf;
    Py_ssize_t size = view.len;
    PyObject *result = NULL;

    /* the header section, up to the first empty line */
    const char *blank = find(p, size, "\r\n\r\n", 4);
    if (blank == NULL)
        goto decline;
    Py_ssize_t end = blank - p;
    /* printable ASCII, tab and CRLF line ends only; no folded lines */
    for (Py_ssize_t i = 0; i < end; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7F)
            continue;
        if (c == '\t')
            continue;
        if (c == '\r') {
            if (i + 1 >= end || p[i + 1] != '\n')
                goto decline;
            continue;
        }
        if (c == '\n') {
            if (i == 0 || p[i - 1] != '\r')
                goto decline;
            if (i + 1 < end && (p[i + 1] == ' ' || p[i + 1] == '\t'))
                goto decline;
            continue;
        }
        goto decline;
    }
    const char *crlf = find(p, end, "\r\n", 2);
    if (crlf == NULL)
        goto decline;
    Py_ssize_t line_end = crlf - p;

    long status = 0;
    span reason = {p, 0}, method = {p, 0}, uri = {p, 0};
    if (line_end >= 4 && memcmp(p, "SIP/", 4) == 0) {
        if (line_end < 11 || memcmp(p, "SIP/2.0 ", 8) != 0 || p[8] < '1' || p[8] > '6' || p[9] < '0' || p[9] > '9'
            || p[10] < '0' || p[10] > '9')
            goto decline;
        if (line_end > 11) {
            if (p[11] != ' ')
                goto decline;
            reason = strip(p + 12, line_end - 12);
        }
        status = (p[8] - '0') * 100 + (p[9] - '0') * 10 + (p[10] - '0');
    } else {
        Py_ssize_t i = 0;
        while (i < line_end && is_token[(unsigned char)p[i]])
            i++;
        if (i == 0 || i >= line_end || p[i] != ' ')
            goto decline;
        method.n = i;
        Py_ssize_t rest = i + 1;
        Py_ssize_t uri_n = line_end - rest - 8;
        if (uri_n < 1 || memcmp(p + line_end - 8, " SIP/2.0", 8) != 0)
            goto decline;
        for (Py_ssize_t k = rest; k < rest + uri_n; k++)
            if (p[k] == ' ' || p[k] == '\t')
                goto decline;
        uri.p = p + rest;
        uri.n = uri_n;
    }

    /* the five fields grouping reads, each once (Via: the topmost line) */
    span fields[F_COUNT];
    int have[F_COUNT] = {0, 0, 0, 0, 0};
    Py_ssize_t pos = line_end + 2;
    while (pos <= end) {
        const char *nl = memchr(p + pos, '\r', (size_t)(end - pos));
        Py_ssize_t stop = nl ? nl - p : end;
        const char *line = p + pos;
        Py_ssize_t length = stop - pos;
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
                        goto decline;
                } else {
                    have[which] = 1;
                    fields[which].p = line + k + 1;
                    fields[which].n = length - k - 1;
                }
            }
        }
        pos = stop + 2;
    }
    for (int f = 0; f < F_COUNT; f++)
        if (!have[f])
            goto decline;

    span call_id = strip(fields[F_CALL_ID].p, fields[F_CALL_ID].n);
    span cseq = strip(fields[F_CSEQ].p, fields[F_CSEQ].n);
    span via = strip(fields[F_VIA].p, fields[F_VIA].n);
    span to = strip(fields[F_TO].p, fields[F_TO].n);
    span from = strip(fields[F_FROM].p, fields[F_FROM].n);
    if (call_id.n == 0)
        goto decline;

    /* CSeq: 1 to 10 digits, blanks, a method token */
    Py_ssize_t i = 0;
    long long number = 0;
    while (i < cseq.n && cseq.p[i] >= '0' && cseq.p[i] <= '9') {
        number = number * 10 + (cseq.p[i] - '0');
        i++;
    }
    if (i == 0 || i > 10)
        goto decline;
    Py_ssize_t blanks = i;
    while (i < cseq.n && (cseq.p[i] == ' ' || cseq.p[i] == '\t'))
        i++;
    if (i == blanks || i >= cseq.n)
        goto decline;
    span cseq_method = {cseq.p + i, cseq.n - i};
    for (Py_ssize_t k = 0; k < cseq_method.n; k++)
        if (!is_token[(unsigned char)cseq_method.p[k]])
            goto decline;

    if (memchr(via.p, '"', (size_t)via.n) != NULL)
        goto decline;
    const char *comma = memchr(via.p, ',', (size_t)via.n);
    span branch, tag;
    if (!plain_via(via.p, comma ? comma - via.p : via.n, &branch))
        goto decline;
    if (!plain_address(to.p, to.n, &tag))
        goto decline;

    PyObject *items = brief_type != NULL ? ((PyTypeObject *)brief_type)->tp_alloc((PyTypeObject *)brief_type, 12)
                                          : PyTuple_New(12);
    if (items == NULL)
        goto done;
    PyObject *cseq_method_text = text(cseq_method.p, cseq_method.n);
    PyTuple_SET_ITEM(items, 0, PyLong_FromLong(status));
    PyTuple_SET_ITEM(items, 1, text(reason.p, reason.n));
    if (status == 0) {
        PyTuple_SET_ITEM(items, 2, text(method.p, method.n));
    } else {
        Py_XINCREF(cseq_method_text);
        PyTuple_SET_ITEM(items, 2, cseq_method_text);
    }
    PyTuple_SET_ITEM(items, 3, text(uri.p, uri.n));
    PyTuple_SET_ITEM(items, 4, text(call_id.p, call_id.n));
    PyTuple_SET_ITEM(items, 5, text(cseq.p, cseq.n));
    PyTuple_SET_ITEM(items, 6, PyLong_FromLongLong(number));
    PyTuple_SET_ITEM(items, 7, cseq_method_text);
    PyTuple_SET_ITEM(items, 8, optional_text(branch));
    PyTuple_SET_ITEM(items, 9, optional_text(tag));
    PyTuple_SET_ITEM(items, 10, text(from.p, from.n));
    PyTuple_SET_ITEM(items, 11, text(to.p, to.n));
    for (int k = 0; k < 12; k++) {
        if (PyTuple_GET_ITEM(items, k) == NULL) {
            Py_DECREF(items);
            goto done;
        }
    }
    result = items;
    goto done;

decline:
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&view);
    return result;
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
    *source_n = snprintf(source, 24, "%u.%u.%u.%u:%u", ip[12], ip[13], ip[14], ip[15],
                         ((unsigned)udp[0] << 8) | udp[1]);
    *destination_n = snprintf(destination, 24, "%u.%u.%u.%u:%u", ip[16], ip[17], ip[18], ip[19],
                              ((unsigned)udp[2] << 8) | udp[3]);
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

/* The whole pcap records in buf[pos:]: a list of items in capture order and the position after the last one.
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
        char source[24], destination[24];
        int source_n, destination_n;
        const unsigned char *payload;
        Py_ssize_t payload_n;
        Py_ssize_t offset = ipv4_offset(link_type, frame, captured);
        if (offset >= 0
            && plain_udp4(frame, captured, offset, source, &source_n, destination, &destination_n, &payload,
                          &payload_n)
            && starts_sip(payload, payload_n)) {
            item = message_type->tp_alloc(message_type, 5);
            if (item == NULL)
                goto fail;
            PyTuple_SET_ITEM(item, 0, PyFloat_FromDouble(time));
            PyTuple_SET_ITEM(item, 1, text(source, source_n));
            PyTuple_SET_ITEM(item, 2, text(destination, destination_n));
            Py_INCREF(udp);
            PyTuple_SET_ITEM(item, 3, udp);
            PyTuple_SET_ITEM(item, 4, PyBytes_FromStringAndSize((const char *)payload, payload_n));
        } else {
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
    PyObject *result = Py_BuildValue("(Nn)", items, pos);
    return result;
fail:
    Py_XDECREF(items);
    Py_XDECREF(udp);
    Py_XDECREF(link);
    return NULL;
}

static PyMethodDef methods[] = {
    {"brief", brief, METH_O, "The grouping fields of a plain SIP message as a Brief, or None."},
    {"set_brief_type", set_brief_type, METH_O, "The tuple subclass brief returns."},
    {"udp4", (PyCFunction)(void (*)(void))udp4, METH_FASTCALL,
     "(source, destination, payload) of a plain IPv4/UDP packet at offset in a frame, or None."},
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
    return PyModule_Create(&module_def);
}
