# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# The ipsec module for waf-era ns-3 trees (ns-3.35 and older): copy it to contrib/ipsec.
# The file lists must stay identical to those of CMakeLists.txt; the test
# test/check-build-lists.cmake fails when they drift apart.


def configure(conf):
    # Crypto++ (Debian: libcrypto++-dev); the module, its tests and examples use it as CRYPTOPP.
    conf.check_cxx(lib='cryptopp', header_name='cryptopp/aes.h', uselib_store='CRYPTOPP',
                   mandatory=True, msg='Checking for Crypto++ (libcryptopp)')
    # Version switches in the sources (e.g. scoped TestSuite enums in ns-3.42+): waf-era trees
    # are ns-3.35 or older.
    conf.env.append_value('DEFINES', ['IPSEC_NS3_MINOR=35'])


def build(bld):
    module = bld.create_ns3_module('ipsec', ['internet', 'virtual-net-device', 'network', 'core'])
    module.use.append('CRYPTOPP')
    module.source = [
        'model/aes-xcbc-mac.cc',
        'model/ah-header.cc',
        'model/ah-transform.cc',
        'model/anti-replay-window.cc',
        'model/esp-aead-cipher.cc',
        'model/esp-block-cipher.cc',
        'model/esp-cipher.cc',
        'model/esp-header.cc',
        'model/ipsec-inbound-protocol.cc',
        'model/ipsec-input.cc',
        'model/ipsec-ip-header.cc',
        'model/ipsec-ipv6-forwarding-hook.cc',
        'model/ipsec-key-engine.cc',
        'model/esp-transform.cc',
        'model/ipsec-acquire-queue.cc',
        'model/ipsec-address.cc',
        'model/ipsec-algorithm-registry.cc',
        'model/ipsec-authenticator.cc',
        'model/ipsec-crypto-engine.cc',
        'model/ipsec-drop-reason.cc',
        'model/ipsec-encapsulation.cc',
        'model/ipsec-forwarding-hook.cc',
        'model/ipsec-l4-proxy.cc',
        'model/ipsec-layer.cc',
        'model/ipsec-output.cc',
        'model/ipsec-lifetime.cc',
        'model/ipsec-policy.cc',
        'model/ipsec-policy-logger.cc',
        'model/ipsec-processing-stack.cc',
        'model/ipsec-traffic-selector.cc',
        'model/ipsec-tunnel-interface.cc',
        'model/ipsec-udp-encapsulation.cc',
        'model/ipv4-napt.cc',
        'model/ipv4-napt-drop-reason.cc',
        'model/ipv4-napt-mapping.cc',
        'model/ipsec-raw-header.cc',
        'model/pfkey-constants.cc',
        'model/pfkey-converter.cc',
        'model/pfkey-descriptions.cc',
        'model/pfkey-extensions.cc',
        'model/pfkey-message.cc',
        'model/pfkey-socket-factory.cc',
        'model/pfkey-socket.cc',
        'model/security-association-database.cc',
        'model/security-association.cc',
        'model/security-policy-database.cc',
        'helper/esp-pcap-inspector.cc',
        'helper/ipsec-helper.cc',
        'helper/ipsecconf-loader.cc',
        'helper/ipsecconf-parser.cc',
        'helper/ipseckey-loader.cc',
        'helper/ipseckey-parser.cc',
        'helper/ipv4-napt-helper.cc',
        'helper/wireshark-esp-sa.cc',
    ]

    headers = bld(features='ns3header')
    headers.module = 'ipsec'
    headers.source = [
        'model/ah-header.h',
        'model/ah-transform.h',
        'model/anti-replay-window.h',
        'model/esp-cipher.h',
        'model/esp-header.h',
        'model/ipsec-inbound-protocol.h',
        'model/ipsec-input.h',
        'model/ipsec-ip-header.h',
        'model/ipsec-ipv6-forwarding-hook.h',
        'model/ipsec-key-engine.h',
        'model/esp-transform.h',
        'model/ipsec-acquire-queue.h',
        'model/ipsec-address.h',
        'model/ipsec-algorithm-registry.h',
        'model/ipsec-authenticator.h',
        'model/ipsec-crypto-engine.h',
        'model/ipsec-drop-reason.h',
        'model/ipsec-encapsulation.h',
        'model/ipsec-forwarding-hook.h',
        'model/ipsec-l4-proxy.h',
        'model/ipsec-layer.h',
        'model/ipsec-output.h',
        'model/ipsec-lifetime.h',
        'model/ipsec-policy.h',
        'model/ipsec-policy-failure.h',
        'model/ipsec-policy-logger.h',
        'model/ipsec-processing-stack.h',
        'model/ipsec-traffic-selector.h',
        'model/ipsec-tunnel-interface.h',
        'model/ipsec-udp-encapsulation.h',
        'model/ipv4-napt.h',
        'model/ipv4-napt-drop-reason.h',
        'model/ipv4-napt-mapping.h',
        'model/ipsec-raw-header.h',
        'model/ipsec-wire.h',
        'model/pfkey-constants.h',
        'model/pfkey-converter.h',
        'model/pfkey-descriptions.h',
        'model/pfkey-extensions.h',
        'model/pfkey-message.h',
        'model/pfkey-socket-factory.h',
        'model/pfkey-socket.h',
        'model/security-association-database.h',
        'model/security-association.h',
        'model/security-policy-database.h',
        'helper/esp-pcap-inspector.h',
        'helper/ipsec-helper.h',
        'helper/ipsecconf-loader.h',
        'helper/ipsecconf-parser.h',
        'helper/ipseckey-loader.h',
        'helper/ipseckey-parser.h',
        'helper/ipv4-napt-helper.h',
        'helper/wireshark-esp-sa.h',
    ]

    module_test = bld.create_ns3_module_test_library('ipsec')
    module_test.source = [
        'test/anti-replay-window-test-suite.cc',
        'test/ipsec-ah-test-suite.cc',
        'test/ipsec-bundle-test-suite.cc',
        'test/esp-algorithm-vectors-test-suite.cc',
        'test/esp-header-test-suite.cc',
        'test/ipsec-config-loader-test-suite.cc',
        'test/ipsec-crypto-engine-test-suite.cc',
        'test/esp-transform-test-suite.cc',
        'test/ipsec-end-to-end-test-suite.cc',
        'test/ipsec-flow-monitor-test-suite.cc',
        'test/ipsec-ipv6-test-suite.cc',
        'test/ipsec-key-engine-test-suite.cc',
        'test/ipsecconf-parser-test-suite.cc',
        'test/ipseckey-parser-test-suite.cc',
        'test/ipsec-lifetime-test-suite.cc',
        'test/ipsec-multicast-test-suite.cc',
        'test/ipsec-nat-traversal-test-suite.cc',
        'test/ipsec-policy-logger-test-suite.cc',
        'test/ipsec-size-only-test-suite.cc',
        'test/ipsec-tunnel-test-suite.cc',
        'test/ipv4-napt-test-suite.cc',
        'test/pfkey-message-test-suite.cc',
        'test/security-policy-database-test-suite.cc',
        'test/wireshark-esp-sa-test-suite.cc',
    ]

    if bld.env.ENABLE_EXAMPLES:
        for name in [
            'examples/ipsec-three-flows.cc',
            'examples/ipsec-pcap-decode.cc',
            'examples/ipsec-bench.cc',
            'examples/ipsec-crypto-bench.cc',
            'examples/ipsec-gateway-delay.cc',
            'examples/ipsec-site-to-site.cc',
            'examples/ipsec-ipv6-host-to-host.cc',
            'examples/ipsec-config-files.cc',
            'examples/ipsec-key-management.cc',
            'examples/ipsec-nat-keepalive.cc',
            'examples/ipsec-nat-road-warriors.cc',
            'examples/ipsec-multicast.cc',
            'examples/ipv4-napt-basic.cc',
        ]:
            program = bld.create_ns3_program(
                name[len('examples/'):-len('.cc')],
                ['ipsec', 'point-to-point', 'csma', 'applications', 'internet'])
            program.source = name
