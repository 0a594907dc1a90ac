"""Which addresses the service may send to: public ones, plus the networks the operator allows."""
import pytest

from notifications.domain.destinations import parse_networks, refusal


@pytest.mark.parametrize("ip, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("fc00::1", "private"), ("169.254.169.254", "link-local"),
    ("fe80::1%eth0", "link-local"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("240.0.0.1", "private"), ("100.64.0.1", "non-public"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),   # IPv4-mapped IPv6
    ("64:ff9b::a9fe:a9fe", "link-local"), ("2002:a00:1::", "private"),  # NAT64 and 6to4 carry IPv4
])
def test_internal_addresses_are_refused_saying_why(ip, kind):
    assert kind in refusal(ip)


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(ip):
    assert refusal(ip) is None


def test_the_allowed_networks_are_exceptions_for_ipv4_mapped_addresses_too():
    allowed = parse_networks("127.0.0.1/32, 10.20.0.0/16")
    assert refusal("127.0.0.1", allowed) is None and refusal("::ffff:127.0.0.1", allowed) is None
    assert refusal("10.20.3.4", allowed) is None
    assert "loopback" in refusal("127.0.0.2", allowed) and "private" in refusal("10.21.0.1", allowed)
    assert "loopback" in refusal("::1", allowed)


def test_a_malformed_network_is_a_configuration_error():
    with pytest.raises(ValueError, match="QMS_OUTBOUND_ALLOWED_NETWORKS: 'ten/8'"):
        parse_networks("127.0.0.1/32,ten/8")
    assert parse_networks("") == ()
