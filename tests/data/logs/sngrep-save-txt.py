import os, pty, time, select, sys, struct, fcntl, termios
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.environ["TZ"] = "UTC"
    os.execvp("sngrep", ["sngrep", "-I", "run.pcap"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
out = bytearray()
def pump(t):
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try: out.extend(os.read(fd, 65536))
            except OSError: return
pump(2)
for keys in sys.argv[1:]:
    os.write(fd, keys.encode().decode('unicode_escape').encode('latin-1'))
    pump(1.5)
open("screen.raw", "wb").write(out)
os.write(fd, b"q"); pump(0.5); os.write(fd, b"q"); pump(0.5)
try: os.kill(pid, 9)
except OSError: pass
os.waitpid(pid, 0)
