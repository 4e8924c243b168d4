"""metrics.web_config on a real port with httpx: TLS with a throwaway self-signed certificate,
plaintext refused, basic auth against bcrypt hashes (401 counted, 200 with the right password),
probes open without credentials, and a client stalled mid-handshake not blocking a scrape."""

from __future__ import annotations

import datetime
import ipaddress
import logging
import os
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import bcrypt
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from prometheus_client import CollectorRegistry

from agent.config import AgentConfig, MetricsConfig, TlsServerConfig, WebConfig
from agent.errors import ConfigError
from agent.httpserver import HttpServer
from agent.service import Health, metrics_server
from agent.tlsserver import TlsHttpServer
from agent.webauth import AUTH_LOGGER
from tests.conftest import wait_until

PASSWORD = "correct horse"
TIMEOUT = 15.0  # generous: CI machines share their cores; a refused connection fails at once anyway


def _self_signed() -> tuple[bytes, bytes]:
    """(certificate PEM, key PEM): self-signed for 127.0.0.1, valid for a day (a P-256 key: quick to make)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "biaswatch-test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), pem_key


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("tls")
    cert_file, key_file = d / "cert.pem", d / "key.pem"
    pem_cert, pem_key = _self_signed()
    cert_file.write_bytes(pem_cert)
    key_file.write_bytes(pem_key)
    return cert_file, key_file


def _server(web: WebConfig) -> tuple[HttpServer | TlsHttpServer, CollectorRegistry]:
    registry = CollectorRegistry()
    health = Health(ready=True)
    config = AgentConfig(metrics=MetricsConfig(host="127.0.0.1", port=0, web_config=web))
    return metrics_server(config, registry, health).start(), registry


@pytest.fixture
def tls_server(cert: tuple[Path, Path]) -> Iterator[tuple[TlsHttpServer, CollectorRegistry, Path]]:
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    web = WebConfig(
        tls_server_config=TlsServerConfig(cert_file=str(cert[0]), key_file=str(cert[1])),
        basic_auth_users={"prometheus": hashed},
    )
    server, registry = _server(web)
    assert isinstance(server, TlsHttpServer)
    try:
        yield server, registry, cert[0]
    finally:
        server.stop()


def _refused(registry: CollectorRegistry) -> float:
    return registry.get_sample_value("biaswatch_metrics_server_requests_total", {"code": "401"}) or 0.0


def test_tls_scrape_needs_the_right_basic_auth(tls_server: tuple[TlsHttpServer, CollectorRegistry, Path]) -> None:
    server, registry, cert = tls_server
    url = f"https://127.0.0.1:{server.port}"
    with httpx.Client(verify=ssl.create_default_context(cafile=str(cert)), timeout=TIMEOUT) as client:
        assert client.get(f"{url}/metrics").status_code == 401
        wrong = client.get(f"{url}/metrics", auth=("prometheus", "wrong"))
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"].startswith("Basic")
        assert client.get(f"{url}/metrics", auth=("nobody", PASSWORD)).status_code == 401
        assert _refused(registry) == 3
        ok = client.get(f"{url}/metrics", auth=("prometheus", PASSWORD))
        assert ok.status_code == 200
        assert "biaswatch_metrics_server_requests_total" in ok.text
        # The second scrape is answered from the verified-credentials cache; still 200.
        assert client.get(f"{url}/metrics", auth=("prometheus", PASSWORD)).status_code == 200
        # Probes: no credentials (the kubelet sends none), over HTTPS.
        assert client.get(f"{url}/livez").status_code == 200
        assert client.get(f"{url}/readyz").status_code == 200
    assert _refused(registry) == 3


def test_plaintext_is_refused_on_the_tls_port(tls_server: tuple[TlsHttpServer, CollectorRegistry, Path]) -> None:
    server, _, _ = tls_server
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{server.port}/livez", timeout=TIMEOUT)


def test_an_unverified_certificate_is_refused_by_a_verifying_client(
    tls_server: tuple[TlsHttpServer, CollectorRegistry, Path],
) -> None:
    server, _, _ = tls_server
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"https://127.0.0.1:{server.port}/livez", timeout=TIMEOUT)  # system CAs only


def test_a_stalled_handshake_does_not_block_scrapes(tls_server: tuple[TlsHttpServer, CollectorRegistry, Path]) -> None:
    server, _, cert = tls_server
    # Connected, never sends a ClientHello: with the handshake on an accept thread this would hang.
    stalled = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(5)]
    try:
        ctx = ssl.create_default_context(cafile=str(cert))
        r = httpx.get(f"https://127.0.0.1:{server.port}/readyz", verify=ctx, timeout=2.0)
        assert r.status_code == 200
    finally:
        for s in stalled:
            s.close()


def test_min_version_tls13_refuses_a_tls12_client(cert: tuple[Path, Path]) -> None:
    web = WebConfig(
        tls_server_config=TlsServerConfig(cert_file=str(cert[0]), key_file=str(cert[1]), min_version="TLS13")
    )
    server, _ = _server(web)
    try:
        ctx = ssl.create_default_context(cafile=str(cert[0]))
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"https://127.0.0.1:{server.port}/livez", verify=ctx, timeout=TIMEOUT)
        ctx13 = ssl.create_default_context(cafile=str(cert[0]))
        assert httpx.get(f"https://127.0.0.1:{server.port}/livez", verify=ctx13, timeout=TIMEOUT).status_code == 200
    finally:
        server.stop()


def test_basic_auth_on_plaintext_waitress_server() -> None:
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    server, registry = _server(WebConfig(basic_auth_users={"prometheus": hashed}))
    assert isinstance(server, HttpServer)
    try:
        url = f"http://127.0.0.1:{server.port}"
        assert httpx.get(f"{url}/metrics", timeout=TIMEOUT).status_code == 401
        assert httpx.get(f"{url}/metrics", auth=("prometheus", PASSWORD), timeout=TIMEOUT).status_code == 200
        assert httpx.get(f"{url}/livez", timeout=TIMEOUT).status_code == 200
        assert _refused(registry) == 1
    finally:
        server.stop()


def test_the_password_is_never_logged(tls_server: tuple[TlsHttpServer, CollectorRegistry, Path]) -> None:
    server, _, cert = tls_server
    ctx = ssl.create_default_context(cafile=str(cert))
    # A handler on the auth logger itself sees every record, before the root handlers' rate limit.
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign,assignment]
    logger = logging.getLogger(AUTH_LOGGER)
    logger.addHandler(handler)
    try:
        httpx.get(f"https://127.0.0.1:{server.port}/metrics", auth=("prometheus", "s3cret-typo"), verify=ctx, timeout=5)
    finally:
        logger.removeHandler(handler)
    assert [r.levelname for r in records] == ["WARNING"]
    message = records[0].getMessage()
    assert "refused" in message and "127.0.0.1" in message
    assert "s3cret-typo" not in message and "prometheus" not in message


def test_a_plain_password_in_basic_auth_users_is_a_config_error(tmp_path: Path) -> None:
    from agent.config import load_config

    path = tmp_path / "c.yaml"
    path.write_text("metrics:\n  web_config:\n    basic_auth_users:\n      prometheus: hunter2\n")
    with pytest.raises(ConfigError, match="bcrypt"):
        load_config(path)


def test_check_config_reports_a_missing_certificate(tmp_path: Path, cert: tuple[Path, Path]) -> None:
    from agent.preflight import check

    tls = TlsServerConfig(cert_file=str(tmp_path / "absent.pem"), key_file=str(cert[1]))
    config = AgentConfig(metrics=MetricsConfig(host="127.0.0.1", port=0, web_config=WebConfig(tls_server_config=tls)))
    problems = [p for p in check(config, write_queue=False) if "tls_server_config" in p.message]
    assert [p.kind for p in problems] == ["config"]
    assert "No such file" in problems[0].message
    good = TlsServerConfig(cert_file=str(cert[0]), key_file=str(cert[1]))
    config = AgentConfig(metrics=MetricsConfig(host="127.0.0.1", port=0, web_config=WebConfig(tls_server_config=good)))
    assert not [p for p in check(config, write_queue=False) if "tls_server_config" in p.message]


# --- certificate rotation without a restart --------------------------------------------------------


def _replace(path: Path, data: bytes) -> None:
    """Written beside and renamed over, as cert-manager and the kubelet do: no reader sees half a file."""
    tmp = path.with_name(path.name + ".new")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _served(port: int) -> bytes:
    """The DER certificate a new TLS connection is handed (not verified: the test compares bytes)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw, ctx.wrap_socket(raw) as tls:
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    return der


def _der(pem: bytes) -> bytes:
    return ssl.PEM_cert_to_DER_cert(pem.decode())


def _reloads(registry: CollectorRegistry, result: str) -> float:
    return registry.get_sample_value("biaswatch_metrics_server_tls_reloads_total", {"result": result}) or 0.0


def test_a_renewed_certificate_is_served_without_a_restart(tmp_path: Path) -> None:
    cert_file, key_file = tmp_path / "tls.crt", tmp_path / "tls.key"
    first = _self_signed()
    cert_file.write_bytes(first[0])
    key_file.write_bytes(first[1])
    tls = TlsServerConfig(cert_file=str(cert_file), key_file=str(key_file))
    server, registry = _server(WebConfig(tls_server_config=tls))
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign,assignment]
    logging.getLogger("agent.certreload").addHandler(handler)
    try:
        port = server.port
        assert _served(port) == _der(first[0])
        assert _reloads(registry, "reloaded") == 0

        second = _self_signed()  # renewal: a new key and its certificate
        _replace(key_file, second[1])
        _replace(cert_file, second[0])
        wait_until(lambda: _served(port) == _der(second[0]), timeout=10)
        # A real HTTPS client that trusts only the renewed certificate, on the same server and port.
        trusting_second = ssl.create_default_context(cadata=second[0].decode())
        assert httpx.get(f"https://127.0.0.1:{port}/livez", verify=trusting_second, timeout=TIMEOUT).status_code == 200
        assert _reloads(registry, "reloaded") == 1

        # A broken renewal: a certificate whose key is not on disk. The previous pair keeps serving,
        # one warning and one count however many handshakes see it.
        third = _self_signed()
        _replace(cert_file, third[0])
        for _ in range(3):
            assert _served(port) == _der(second[0])
        assert httpx.get(f"https://127.0.0.1:{port}/livez", verify=trusting_second, timeout=TIMEOUT).status_code == 200
        assert _reloads(registry, "rejected") == 1
        assert len(records) == 1 and "still serving the previous certificate" in records[0].getMessage()

        _replace(key_file, third[1])  # its key arrives: the pair loads at the next handshake
        wait_until(lambda: _served(port) == _der(third[0]), timeout=10)
        assert (_reloads(registry, "reloaded"), _reloads(registry, "rejected")) == (2, 1)
    finally:
        logging.getLogger("agent.certreload").removeHandler(handler)
        server.stop()
