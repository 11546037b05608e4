"""A throw-away PostgreSQL cluster for tests and benchmarks (Debian's postgresql package).

initdb into a fresh temporary folder, start it on a free 127.0.0.1 port with password (scram)
authentication, and write a PGPASSFILE for the client: the program under test gets its
passwords the way a workstation does, from libpq, never from a URL. As root the server runs as
the 'postgres' user (or 'nobody'), since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ADMIN = "infusecalc_admin"
APP = "infusecalc_app"


def find_bindir() -> Path | None:
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[-2]))
    for d in reversed(dirs):
        if os.path.exists(os.path.join(d, "initdb")):
            return Path(d)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    bindir: Path
    root: Path
    port: int
    admin_password: str
    app_password: str
    run_as: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def pgpass(self) -> Path:
        return self.root / "client.pgpass"

    def url(self, database: str, user: str = APP) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def admin_url(self, database: str = "postgres") -> str:
        return self.url(database, ADMIN)

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / argv[0]), *argv[1:]]
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, cwd=self.root)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
                  "-t", "60", "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                  f"-c full_page_writes=off -c max_connections=60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def is_running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(bindir: Path) -> Cluster:
    root = Path(tempfile.mkdtemp(prefix="infusecalc-pg-"))
    run_as = None
    if os.geteuid() == 0:
        for name in ("postgres", "nobody"):
            try:
                pw = pwd.getpwnam(name)
            except KeyError:
                continue
            run_as = name
            os.chown(root, pw.pw_uid, pw.pw_gid)
            break
        else:
            raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run the server")
    os.chmod(root, 0o755)
    c = Cluster(bindir, root, _free_port(), secrets.token_hex(12), secrets.token_hex(12), run_as)
    pwfile = root / "admin.pw"
    pwfile.write_text(c.admin_password + "\n")
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(pwfile, pw.pw_uid, pw.pw_gid)
    c._run("initdb", "-D", str(c.data), "-U", ADMIN, "--pwfile", str(pwfile), "-A", "scram-sha-256",
           "-E", "UTF8", "--locale=C", "--no-sync")
    pwfile.unlink()
    c.pgpass.write_text(f"127.0.0.1:{c.port}:*:{ADMIN}:{c.admin_password}\n"
                        f"127.0.0.1:{c.port}:*:{APP}:{c.app_password}\n")
    os.chmod(c.pgpass, 0o600)  # libpq ignores a password file others can read
    c.start()
    return c


def wait_until_up(c: Cluster, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if c._run("pg_isready", "-h", "127.0.0.1", "-p", str(c.port), check=False).returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError("the test PostgreSQL server did not come up")
