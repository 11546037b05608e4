from .helpers import load

manifest = load("manifest")


def test_committed_manifest_matches_the_data_files():
    committed = manifest.MANIFEST.read_text(encoding="utf-8")
    assert committed == manifest.manifest_text(), (
        "resources/MANIFEST.sha256 is out of date: a protocol or formulary file changed. "
        "Review the change, then run `python packaging/manifest.py` and commit the manifest.")


def test_manifest_covers_protocol_and_formulary(tmp_path):
    (tmp_path / "protocols").mkdir()
    (tmp_path / "formulary").mkdir()
    (tmp_path / "protocols" / "p.toml").write_bytes(b"a")
    (tmp_path / "formulary" / "f.toml").write_bytes(b"b")
    (tmp_path / "protocols" / "notes.md").write_bytes(b"ignored")
    text = manifest.manifest_text(tmp_path)
    assert text == ("3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  formulary/f.toml\n"
                    "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  protocols/p.toml\n")
