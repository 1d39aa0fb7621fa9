from zhenxing.core import personal


def test_encrypted_value_round_trips_and_hides_the_plaintext():
    token = personal.encrypt("210113198001010011")
    assert "210113198001010011" not in token
    assert personal.decrypt(token) == "210113198001010011"


def test_lookup_hash_is_stable_keyed_and_case_insensitive():
    a = personal.lookup_hash("11010519491231002x")
    assert a == personal.lookup_hash("11010519491231002X")
    assert a != personal.lookup_hash("110105194912310021")
    assert len(a) == 64


def test_lookup_hash_depends_on_the_key(settings):
    before = personal.lookup_hash("11010519491231002X")
    settings.FIELD_KEY = "A" * 43 + "="
    assert personal.lookup_hash("11010519491231002X") != before


def test_masks():
    assert personal.mask("11010519491231002X") == "1101**********002X"
    assert personal.mask_phone("13812345678") == "138****5678"
    assert personal.mask("") == ""
