/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The policy logger (ipsec(4P), "Logging" and "Options"): log levels, property validation,
// pending-until-refresh, log rotation, disable and maintenance, the partial packet decode and
// the processing stack it logs. Every check reads the log files back.

#include "ipsec-test-compat.h"

#include "ns3/ipsec-policy-logger.h"
#include "ns3/ipsec-processing-stack.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv6-address.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unistd.h>

using namespace ns3;

namespace
{

namespace fs = std::filesystem;

/// @return the content of @p path ("" if it cannot be read)
std::string
ReadFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

/// @return the lines of @p text, without their '\n'
std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
    {
        lines.push_back(line);
    }
    return lines;
}

/// @return whether @p text contains @p part
bool
Contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/// @return whether @p text starts with @p prefix
bool
StartsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

/// @return a packet holding exactly @p bytes
Ptr<Packet>
FromBytes(const std::vector<uint8_t>& bytes)
{
    return Create<Packet>(bytes.data(), bytes.size());
}

/// @return an option-less IPv4 header as bytes (checksum left zero: the decode ignores it)
std::vector<uint8_t>
Ipv4Bytes(const char* source, const char* destination, uint8_t protocol, uint16_t payload)
{
    std::vector<uint8_t> b(20, 0);
    const uint16_t total = 20 + payload;
    b[0] = 0x45;
    b[2] = total >> 8;
    b[3] = total & 0xff;
    b[8] = 64;
    b[9] = protocol;
    Ipv4Address(source).Serialize(&b[12]);
    Ipv4Address(destination).Serialize(&b[16]);
    return b;
}

/// @return @p a followed by @p b
std::vector<uint8_t>
Concat(std::vector<uint8_t> a, const std::vector<uint8_t>& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/// An ESP packet with its IPv4 header: SPI 0x1001, sequence number 7, 40 bytes of ESP.
Ptr<Packet>
EspPacket()
{
    std::vector<uint8_t> esp = {0x00, 0x00, 0x10, 0x01, 0x00, 0x00, 0x00, 0x07};
    esp.resize(40, 0xaa);
    return FromBytes(Concat(Ipv4Bytes("10.1.1.1", "10.1.1.2", 50, 40), esp));
}

/// The failure most cases log: an inbound ICV mismatch on that ESP packet.
IpsecPolicyFailure
EspFailure()
{
    IpsecPolicyFailure f;
    f.time = Seconds(2);
    f.nodeId = 3;
    f.reason = IpsecDropReason::ICV_MISMATCH;
    f.spi = 0x1001;
    f.direction = IpsecDirection::INBOUND;
    f.message = "ICV mismatch on SA 0x1001";
    f.packet = EspPacket();
    f.stack = {"ipsec`ipsec_layer::VerifyEsp", "ns3`Ipv4L3Protocol::LocalDeliver"};
    return f;
}

/// The header line of EspFailure()'s entries.
const std::string ESP_HEADER =
    "time=2.000000000 node=3 direction=inbound reason=icv-mismatch spi=0x00001001";

/// @return what Print() shows of @p logger
std::string
Listing(Ptr<const IpsecPolicyLogger> logger)
{
    std::ostringstream os;
    os << *logger;
    return os.str();
}

/// Process-wide counter making the temporary directories of one run distinct.
uint32_t g_directories = 0;

} // namespace

/**
 * Base of the cases that write log files: a fresh directory under the system's temporary
 * directory (named after the process and a counter, so parallel runs do not collide), removed
 * afterwards whatever the outcome.
 */
class PolicyLoggerTestCase : public TestCase
{
  public:
    /** @param name the case's name */
    explicit PolicyLoggerTestCase(const std::string& name)
        : TestCase(name)
    {
    }

  protected:
    void DoSetup() override
    {
        m_dir =
            fs::temp_directory_path() / ("ns3-ipsec-policy-logger-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(g_directories++));
        std::error_code ec;
        fs::remove_all(m_dir, ec);
        fs::create_directories(m_dir);
    }

    void DoTeardown() override
    {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    /** @return the log file of this case's directory */
    fs::path LogPath() const
    {
        return m_dir / "ipsec.log";
    }

    /**
     * @param level the log level
     * @return a logger writing LogPath() with @p level, not enabled yet
     */
    Ptr<IpsecPolicyLogger> MakeLogger(const std::string& level = "message+packet") const
    {
        Ptr<IpsecPolicyLogger> logger = CreateObject<IpsecPolicyLogger>();
        logger->SetAttribute("LogFile", StringValue(LogPath().string()));
        logger->SetAttribute("LogLevel", StringValue(level));
        return logger;
    }

    fs::path m_dir; //!< This case's directory
};

/// The processing stack: order, cut, origins, and empty in later events.
class ProcessingStackTestCase : public TestCase
{
  public:
    ProcessingStackTestCase()
        : TestCase("processing stack: innermost first, cut at depth, empty in later events")
    {
    }

  private:
    /** Runs as a scheduled event: what it sees of the stack. */
    void LaterEvent()
    {
        m_depthInEvent = IpsecProcessingStack::GetDepth();
        IpsecProcessingStack::Frame frame("ipsec_layer::Later");
        m_snapshotInEvent = IpsecProcessingStack::Snapshot(10);
    }

    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(IpsecProcessingStack::GetDepth(), 0, "empty outside any frame");
        {
            IpsecProcessingStack::Frame caller("Ipv4L3Protocol::LocalDeliver",
                                               IpsecProcessingStack::Origin::CALLER);
            IpsecProcessingStack::Frame receive("ipsec_layer::ReceiveEsp");
            Simulator::Schedule(Seconds(1), &ProcessingStackTestCase::LaterEvent, this);
            {
                IpsecProcessingStack::Frame verify("ipsec_layer::VerifyEsp");
                NS_TEST_ASSERT_MSG_EQ(IpsecProcessingStack::GetDepth(), 3, "three frames");
                const std::vector<std::string> all = IpsecProcessingStack::Snapshot(25);
                NS_TEST_ASSERT_MSG_EQ(all.size(), 3, "deeper cut than the stack: every frame");
                NS_TEST_ASSERT_MSG_EQ(all[0], "ipsec`ipsec_layer::VerifyEsp", "innermost first");
                NS_TEST_ASSERT_MSG_EQ(all[1], "ipsec`ipsec_layer::ReceiveEsp", "then its caller");
                NS_TEST_ASSERT_MSG_EQ(all[2],
                                      "ns3`Ipv4L3Protocol::LocalDeliver",
                                      "the ns-3 caller, marked as such");
                const std::vector<std::string> cut = IpsecProcessingStack::Snapshot(2);
                NS_TEST_ASSERT_MSG_EQ(cut.size(), 2, "cut at the depth");
                NS_TEST_ASSERT_MSG_EQ(cut[1], "ipsec`ipsec_layer::ReceiveEsp", "innermost kept");
                NS_TEST_ASSERT_MSG_EQ(IpsecProcessingStack::Snapshot(0).size(), 0, "depth 0");
            }
            NS_TEST_ASSERT_MSG_EQ(IpsecProcessingStack::GetDepth(), 2, "scope left: popped");
        }
        NS_TEST_ASSERT_MSG_EQ(IpsecProcessingStack::GetDepth(), 0, "all popped");
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(m_depthInEvent, 0, "a later event starts with an empty stack");
        NS_TEST_ASSERT_MSG_EQ(m_snapshotInEvent.size(), 1, "only its own frame");
        NS_TEST_ASSERT_MSG_EQ(m_snapshotInEvent[0], "ipsec`ipsec_layer::Later", "its own frame");
        NS_TEST_ASSERT_MSG_EQ(IpsecProcessingStack::GetDepth(), 0, "empty after the run");
    }

    std::size_t m_depthInEvent = 99;            //!< Depth seen by LaterEvent
    std::vector<std::string> m_snapshotInEvent; //!< Snapshot taken by LaterEvent
};

/// Defaults of the man page, and a disabled logger writing nothing.
class DefaultsTestCase : public PolicyLoggerTestCase
{
  public:
    DefaultsTestCase()
        : PolicyLoggerTestCase("defaults: disabled, message+packet, 1 b, depth 25")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<IpsecPolicyLogger> logger = CreateObject<IpsecPolicyLogger>();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "disabled", "delivered disabled");
        NS_TEST_ASSERT_MSG_EQ(logger->IsEnabled(), false, "not enabled");
        NS_TEST_ASSERT_MSG_EQ(logger->GetProperty("log_level"), "message+packet", "log_level");
        NS_TEST_ASSERT_MSG_EQ(logger->GetProperty("config/log_file"),
                              "ipsec-policy.log",
                              "log_file: the working directory, not /var/log");
        NS_TEST_ASSERT_MSG_EQ(logger->GetProperty("log_rotation_size"), "1", "rotation size");
        NS_TEST_ASSERT_MSG_EQ(logger->GetProperty("log_size_units"), "b", "units");
        NS_TEST_ASSERT_MSG_EQ(logger->GetProperty("backtrace_depth"), "25", "depth");
        NS_TEST_ASSERT_MSG_EQ(logger->GetProperty("nonsense"), "", "unknown name");

        std::ostringstream os;
        os << *logger;
        NS_TEST_ASSERT_MSG_EQ(os.str(),
                              "config/log_level astring message+packet\n"
                              "config/log_file astring ipsec-policy.log\n"
                              "config/log_rotation_size count 1\n"
                              "config/log_size_units astring b\n"
                              "config/backtrace_depth count 25\n"
                              "general/enabled boolean false\n"
                              "restarter/state astring disabled\n",
                              "svcprop-style listing");

        logger = MakeLogger();
        NS_TEST_ASSERT_MSG_EQ(logger->Log(EspFailure()), false, "disabled: nothing logged");
        NS_TEST_ASSERT_MSG_EQ(fs::exists(LogPath()), false, "no file before the first start");
        NS_TEST_ASSERT_MSG_EQ(logger->GetEntryCount(), 0, "no entry");
        NS_TEST_ASSERT_MSG_EQ(logger->GetWantedStackDepth(), 0, "no stack wanted");
    }
};

/// Each log level, reading the entry back.
class LogLevelTestCase : public PolicyLoggerTestCase
{
  public:
    LogLevelTestCase()
        : PolicyLoggerTestCase("log levels: message+packet, minimal, packet, all three")
    {
    }

  private:
    /** Trace sink: keeps the entries. */
    void Logged(const std::string& entry)
    {
        m_traced += entry;
    }

    /**
     * @param level a log level
     * @return the log file after one EspFailure() entry at @p level, in a fresh file
     */
    std::string LogOnce(const std::string& level)
    {
        std::error_code ec;
        fs::remove(LogPath(), ec);
        m_traced.clear();
        Ptr<IpsecPolicyLogger> logger = MakeLogger(level);
        logger->TraceConnectWithoutContext("Logged", MakeCallback(&LogLevelTestCase::Logged, this));
        logger->Enable();
        m_online = logger->IsOnline();
        m_logged = logger->Log(EspFailure());
        m_count = logger->GetEntryCount();
        // Read while the logger still holds the file open: the entry is flushed.
        const std::string text = ReadFile(LogPath());
        logger->Dispose();
        return text;
    }

    void DoRun() override
    {
        const std::string ip = "  packet: ipv4 10.1.1.1 > 10.1.1.2 proto 50 (esp) length 60";
        const std::string esp = "  packet: esp spi 0x00001001 seq 7";
        const std::string hex = "  packet: hex 45 00 00 3c 00 00 00 00 40 32 00 00 0a 01 01 01 "
                                "0a 01 01 02 00 00 10 01 00 00 00 07 aa aa aa aa (32 of 60 bytes)";
        const std::string message = "  message: ICV mismatch on SA 0x1001";
        const std::string stack0 = "  stack: #0 ipsec`ipsec_layer::VerifyEsp";
        const std::string stack1 = "  stack: #1 ns3`Ipv4L3Protocol::LocalDeliver";

        // The default: message and packet decode, no stack.
        std::string text = LogOnce("message+packet");
        NS_TEST_ASSERT_MSG_EQ(m_online, true, "online");
        NS_TEST_ASSERT_MSG_EQ(m_logged, true, "logged");
        NS_TEST_ASSERT_MSG_EQ(m_count, 1, "one entry");
        NS_TEST_ASSERT_MSG_EQ(m_traced, text, "the trace carries the entry as written");
        std::vector<std::string> lines = Lines(text);
        NS_TEST_ASSERT_MSG_EQ(lines.size(), 5, "header, message, 3 packet lines:\n" << text);
        NS_TEST_ASSERT_MSG_EQ(lines[0], ESP_HEADER, "header line");
        NS_TEST_ASSERT_MSG_EQ(lines[1], message, "message");
        NS_TEST_ASSERT_MSG_EQ(lines[2], ip, "IP header decode");
        NS_TEST_ASSERT_MSG_EQ(lines[3], esp, "ESP decode");
        NS_TEST_ASSERT_MSG_EQ(lines[4], hex, "first bytes in hex");

        // minimal excludes everything else, even when named too.
        text = LogOnce("stack+minimal+message+packet");
        NS_TEST_ASSERT_MSG_EQ(text, ESP_HEADER + "\n", "minimal: the header line only");

        // packet only.
        text = LogOnce("packet");
        lines = Lines(text);
        NS_TEST_ASSERT_MSG_EQ(lines.size(), 4, "header and 3 packet lines:\n" << text);
        NS_TEST_ASSERT_MSG_EQ(lines[0], ESP_HEADER, "header line");
        NS_TEST_ASSERT_MSG_EQ(lines[1], ip, "no message, decode follows the header");
        NS_TEST_ASSERT_MSG_EQ(Contains(text, "message:"), false, "no message");
        NS_TEST_ASSERT_MSG_EQ(Contains(text, "stack:"), false, "no stack");

        // All three, in any order: message, packet decode, stack innermost first.
        for (const char* level : {"message+stack+packet", "packet+message+stack"})
        {
            text = LogOnce(level);
            lines = Lines(text);
            NS_TEST_ASSERT_MSG_EQ(lines.size(), 7, level << ":\n" << text);
            NS_TEST_ASSERT_MSG_EQ(lines[0], ESP_HEADER, "header line");
            NS_TEST_ASSERT_MSG_EQ(lines[1], message, "message first");
            NS_TEST_ASSERT_MSG_EQ(lines[2], ip, "then the decode");
            NS_TEST_ASSERT_MSG_EQ(lines[4], hex, "hex last of the decode");
            NS_TEST_ASSERT_MSG_EQ(lines[5], stack0, "then the stack, innermost first");
            NS_TEST_ASSERT_MSG_EQ(lines[6], stack1, "outermost last");
        }

        // All three with a failure that has no message, packet or stack.
        IpsecPolicyFailure bare;
        bare.nodeId = 0;
        bare.reason = IpsecDropReason::POLICY_DISCARD;
        bare.direction = IpsecDirection::OUTBOUND;
        std::error_code ec;
        fs::remove(LogPath(), ec);
        Ptr<IpsecPolicyLogger> logger = MakeLogger("message+packet+stack");
        logger->Enable();
        NS_TEST_ASSERT_MSG_EQ(logger->Log(bare), true, "logged");
        NS_TEST_ASSERT_MSG_EQ(ReadFile(LogPath()),
                              "time=0.000000000 node=0 direction=outbound reason=policy-discard "
                              "spi=0x00000000\n"
                              "  message: -\n"
                              "  packet: none\n"
                              "  stack: -\n",
                              "empty parts are marked, not left out");
        logger->Dispose();
    }

    std::string m_traced;  //!< Entries seen by the trace
    bool m_online = false; //!< Online after Enable()
    bool m_logged = false; //!< Log() result
    uint64_t m_count = 0;  //!< Entries counted
};

/// backtrace_depth cuts the stack, with frames from the real processing stack.
class BacktraceDepthTestCase : public PolicyLoggerTestCase
{
  public:
    BacktraceDepthTestCase()
        : PolicyLoggerTestCase("stack cut at backtrace_depth, innermost frames kept")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<IpsecPolicyLogger> logger = MakeLogger("stack");
        logger->SetAttribute("BacktraceDepth", UintegerValue(3));
        logger->Enable();
        NS_TEST_ASSERT_MSG_EQ(logger->GetWantedStackDepth(), 3, "the layer snapshots 3 frames");

        IpsecPolicyFailure f = EspFailure();
        {
            using Stack = IpsecProcessingStack;
            Stack::Frame f0("Ipv4L3Protocol::Receive", Stack::Origin::CALLER);
            Stack::Frame f1("Ipv4L3Protocol::LocalDeliver", Stack::Origin::CALLER);
            Stack::Frame f2("ipsec_layer::ReceiveEsp");
            Stack::Frame f3("ipsec_layer::InboundSa");
            Stack::Frame f4("esp_transform::Decrypt");
            Stack::Frame f5("esp_transform::VerifyIcv");
            // More than the depth: the logger itself cuts.
            f.stack = Stack::Snapshot(IpsecPolicyLogger::MAX_BACKTRACE_DEPTH);
        }
        NS_TEST_ASSERT_MSG_EQ(f.stack.size(), 6, "six frames captured");
        NS_TEST_ASSERT_MSG_EQ(logger->Log(f), true, "logged");
        std::vector<std::string> lines = Lines(ReadFile(LogPath()));
        NS_TEST_ASSERT_MSG_EQ(lines.size(), 4, "header and three frames");
        NS_TEST_ASSERT_MSG_EQ(lines[1], "  stack: #0 ipsec`esp_transform::VerifyIcv", "#0");
        NS_TEST_ASSERT_MSG_EQ(lines[2], "  stack: #1 ipsec`esp_transform::Decrypt", "#1");
        NS_TEST_ASSERT_MSG_EQ(lines[3], "  stack: #2 ipsec`ipsec_layer::InboundSa", "#2");

        // A deeper limit than the stack shows it all, callers included.
        logger->SetAttribute("BacktraceDepth",
                             UintegerValue(IpsecPolicyLogger::MAX_BACKTRACE_DEPTH));
        logger->Restart();
        NS_TEST_ASSERT_MSG_EQ(logger->Log(f), true, "logged");
        lines = Lines(ReadFile(LogPath()));
        NS_TEST_ASSERT_MSG_EQ(lines.size(), 7, "header and six frames");
        NS_TEST_ASSERT_MSG_EQ(lines[6], "  stack: #5 ns3`Ipv4L3Protocol::Receive", "outermost");
        logger->Dispose();
    }
};

/// Invalid values for every property, through SetProperty and the attributes.
class InvalidPropertyTestCase : public PolicyLoggerTestCase
{
  public:
    InvalidPropertyTestCase()
        : PolicyLoggerTestCase("invalid property values are refused and change nothing")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<IpsecPolicyLogger> logger = MakeLogger();
        logger->Enable();
        NS_TEST_ASSERT_MSG_EQ(logger->IsOnline(), true, "online");
        std::ostringstream before;
        before << *logger;
        const std::vector<std::string> names = IpsecPolicyLogger::GetPropertyNames();
        NS_TEST_ASSERT_MSG_EQ(names.size(), 5, "five properties");
        std::vector<std::string> pendingBefore;
        for (const auto& name : names)
        {
            pendingBefore.push_back(logger->GetProperty(name));
        }

        struct Bad
        {
            const char* name;    // property as given
            const char* value;   // invalid value
            const char* mention; // what the message must name besides the property
        };

        const Bad bad[] = {
            {"log_level", "", "minimal, message, packet and stack"},
            {"log_level", "foo", "'foo'"},
            {"config/log_level", "message+foo", "'foo'"},
            {"log_level", "message+", "empty part"},
            {"log_level", "+packet", "empty part"},
            {"log_level", "message++packet", "empty part"},
            {"log_level", "Message", "'Message'"},
            {"log_level", "message + packet", "'message '"},
            {"log_level", "message,packet", "minimal, message, packet and stack"},
            {"log_file", "", "path"},
            {"log_file", "logs/", "path"},
            {"log_file", ".", "path"},
            {"log_file", "/tmp/..", "path"},
            {"log_rotation_size", "0", "1 to 4294967295"},
            {"log_rotation_size", "-1", "1 to 4294967295"},
            {"log_rotation_size", "1.5", "1 to 4294967295"},
            {"log_rotation_size", "25k", "1 to 4294967295"},
            {"log_rotation_size", " 1", "1 to 4294967295"},
            {"log_rotation_size", "4294967296", "1 to 4294967295"},
            {"log_rotation_size", "", "1 to 4294967295"},
            {"log_size_units", "", "b, k, m, g"},
            {"log_size_units", "x", "b, k, m, g"},
            {"log_size_units", "kb", "b, k, m, g"},
            {"log_size_units", "t", "b, k, m, g"},
            {"backtrace_depth", "0", "1 to 256"},
            {"backtrace_depth", "257", "1 to 256"},
            {"backtrace_depth", "six", "1 to 256"},
        };
        for (const Bad& b : bad)
        {
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(logger->SetProperty(b.name, b.value, error),
                                  false,
                                  b.name << " = '" << b.value << "' accepted");
            const std::string bare =
                StartsWith(b.name, "config/") ? std::string(b.name).substr(7) : b.name;
            NS_TEST_ASSERT_MSG_EQ(Contains(error, "config/" + bare),
                                  true,
                                  "the message names the property: " << error);
            NS_TEST_ASSERT_MSG_EQ(Contains(error, b.mention),
                                  true,
                                  "the message says '" << b.mention << "': " << error);
            std::string again;
            NS_TEST_ASSERT_MSG_EQ(IpsecPolicyLogger::ValidateProperty(b.name, b.value, again),
                                  false,
                                  "ValidateProperty agrees");
        }
        for (const char* unknown : {"log_levels", "config/foo", "", "general/enabled"})
        {
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(logger->SetProperty(unknown, "1", error),
                                  false,
                                  "unknown '" << unknown << "' accepted");
            NS_TEST_ASSERT_MSG_EQ(Contains(error, std::string("'") + unknown + "'"),
                                  true,
                                  "the message names it: " << error);
            NS_TEST_ASSERT_MSG_EQ(Contains(error, "config/backtrace_depth"),
                                  true,
                                  "and lists the properties: " << error);
        }

        // The attributes refuse the same values through their checkers.
        NS_TEST_ASSERT_MSG_EQ(logger->SetAttributeFailSafe("LogLevel", StringValue("bogus")),
                              false,
                              "LogLevel checker");
        NS_TEST_ASSERT_MSG_EQ(logger->SetAttributeFailSafe("LogLevel", StringValue("packet+")),
                              false,
                              "LogLevel checker, empty part");
        NS_TEST_ASSERT_MSG_EQ(logger->SetAttributeFailSafe("LogFile", StringValue("")),
                              false,
                              "LogFile checker");
        NS_TEST_ASSERT_MSG_EQ(logger->SetAttributeFailSafe("LogSizeUnits", StringValue("q")),
                              false,
                              "LogSizeUnits checker");
        NS_TEST_ASSERT_MSG_EQ(logger->SetAttributeFailSafe("LogRotationSize", UintegerValue(0)),
                              false,
                              "LogRotationSize checker");
        NS_TEST_ASSERT_MSG_EQ(logger->SetAttributeFailSafe("BacktraceDepth", UintegerValue(257)),
                              false,
                              "BacktraceDepth checker");
        NS_TEST_ASSERT_MSG_EQ(logger->SetAttributeFailSafe("BacktraceDepth", StringValue("0")),
                              false,
                              "BacktraceDepth checker, from a string");

        // Nothing changed: pending, configured, running.
        for (std::size_t i = 0; i < names.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(logger->GetProperty(names[i]),
                                  pendingBefore[i],
                                  names[i] << ": pending value changed");
        }
        logger->Refresh();
        std::ostringstream after;
        after << *logger;
        NS_TEST_ASSERT_MSG_EQ(after.str(), before.str(), "configuration unchanged");
        NS_TEST_ASSERT_MSG_EQ(logger->IsOnline(), true, "still online");
        NS_TEST_ASSERT_MSG_EQ(logger->Log(EspFailure()), true, "still logging");
        NS_TEST_ASSERT_MSG_EQ(Lines(ReadFile(LogPath())).size(), 5, "as message+packet");

        // The edges of what is valid, and canonical numbers.
        struct Good
        {
            const char* name;   // property
            const char* value;  // valid value
            const char* stored; // canonical form
        };

        const Good good[] = {
            {"log_level", "minimal+minimal", "minimal+minimal"},
            {"config/log_level", "stack+packet+message", "stack+packet+message"},
            {"log_rotation_size", "4294967295", "4294967295"},
            {"log_rotation_size", "007", "7"},
            {"log_size_units", "K", "K"},
            {"log_size_units", "g", "g"},
            {"backtrace_depth", "256", "256"},
            {"backtrace_depth", "1", "1"},
            {"log_file", "relative.log", "relative.log"},
        };
        for (const Good& g : good)
        {
            std::string error = "stale";
            NS_TEST_ASSERT_MSG_EQ(logger->SetProperty(g.name, g.value, error),
                                  true,
                                  g.name << " = '" << g.value << "' refused: " << error);
            NS_TEST_ASSERT_MSG_EQ(error, "", "no error left behind");
            NS_TEST_ASSERT_MSG_EQ(logger->GetProperty(g.name), g.stored, "stored form");
        }
        logger->Dispose();
    }
};

/// svccfg setprop, then svcadm refresh, then svcadm restart.
class PendingUntilRefreshTestCase : public PolicyLoggerTestCase
{
  public:
    PendingUntilRefreshTestCase()
        : PolicyLoggerTestCase("new values: pending until refresh, effective after restart")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<IpsecPolicyLogger> logger = MakeLogger();
        logger->SetAttribute("LogRotationSize", UintegerValue(1));
        logger->SetAttribute("LogSizeUnits", StringValue("m")); // no rotation in this case
        logger->Enable();
        const fs::path second = m_dir / "second.log";

        std::string error;
        NS_TEST_ASSERT_MSG_EQ(logger->SetProperty("config/log_level", "minimal", error),
                              true,
                              error);
        NS_TEST_ASSERT_MSG_EQ(logger->SetProperty("log_file", second.string(), error), true, error);
        NS_TEST_ASSERT_MSG_EQ(logger->GetProperty("log_level"), "minimal", "pending");
        NS_TEST_ASSERT_MSG_EQ(logger->GetConfiguredProperty("log_level"),
                              "message+packet",
                              "not configured before the refresh");
        NS_TEST_ASSERT_MSG_EQ(Contains(Listing(logger), "minimal"),
                              false,
                              "svcprop shows the configured value");
        logger->Log(EspFailure());
        NS_TEST_ASSERT_MSG_EQ(Lines(ReadFile(LogPath())).size(), 5, "old level still running");

        logger->Refresh();
        NS_TEST_ASSERT_MSG_EQ(logger->GetConfiguredProperty("log_level"),
                              "minimal",
                              "configured after the refresh");
        StringValue level;
        logger->GetAttribute("LogLevel", level);
        NS_TEST_ASSERT_MSG_EQ(level.Get(), "minimal", "the attribute shows the configured value");
        logger->Log(EspFailure());
        NS_TEST_ASSERT_MSG_EQ(Lines(ReadFile(LogPath())).size(), 10, "still running until restart");
        NS_TEST_ASSERT_MSG_EQ(fs::exists(second), false, "new file not used yet");

        logger->Enable(); // already online: no effect, as svcadm enable of an enabled service
        logger->Log(EspFailure());
        NS_TEST_ASSERT_MSG_EQ(fs::exists(second), false, "enable while online changes nothing");

        logger->Restart();
        NS_TEST_ASSERT_MSG_EQ(logger->GetActiveLogFile(), second.string(), "new file active");
        logger->Log(EspFailure());
        NS_TEST_ASSERT_MSG_EQ(ReadFile(second), ESP_HEADER + "\n", "new level in the new file");
        NS_TEST_ASSERT_MSG_EQ(Lines(ReadFile(LogPath())).size(), 15, "old file left alone");

        // An attribute is a setprop and a refresh at once: the next restart uses it.
        logger->SetAttribute("LogLevel", StringValue("message"));
        NS_TEST_ASSERT_MSG_EQ(logger->GetProperty("log_level"), "message", "pending too");
        logger->Refresh(); // must not bring back an older pending value
        NS_TEST_ASSERT_MSG_EQ(logger->GetConfiguredProperty("log_level"), "message", "kept");
        logger->Restart();
        logger->Log(EspFailure());
        NS_TEST_ASSERT_MSG_EQ(ReadFile(second),
                              ESP_HEADER + "\n" + ESP_HEADER +
                                  "\n  message: ICV mismatch on SA 0x1001\n",
                              "appended with the attribute's level");
        logger->Dispose();
    }
};

/// Rotation as the man page describes it: .0 newest, ten old files, the oldest deleted.
class RotationTestCase : public PolicyLoggerTestCase
{
  public:
    RotationTestCase()
        : PolicyLoggerTestCase("rotation: eleven and twelve starts keep ten old files")
    {
    }

  private:
    /** @return the files of the case's directory, by name */
    std::vector<std::string> Files() const
    {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(m_dir))
        {
            names.push_back(e.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    /** @return the path of old log file @p i */
    fs::path Old(int i) const
    {
        return LogPath().string() + "." + std::to_string(i);
    }

    void DoRun() override
    {
        // The defaults: 1 byte, so every start of a non-empty log rotates.
        Ptr<IpsecPolicyLogger> logger = MakeLogger("message");
        IpsecPolicyFailure f = EspFailure();
        for (int cycle = 0; cycle < 12; ++cycle)
        {
            logger->Enable();
            NS_TEST_ASSERT_MSG_EQ(logger->IsOnline(), true, "cycle " << cycle << ": online");
            NS_TEST_ASSERT_MSG_EQ(fs::exists(LogPath()), true, "active file created");
            NS_TEST_ASSERT_MSG_EQ(fs::file_size(LogPath()), 0, "rotated away: starts empty");
            f.message = "cycle " + std::to_string(cycle);
            logger->Log(f);
            logger->Disable();
            if (cycle == 10)
            {
                // Eleven starts: ten old files, none deleted yet.
                std::vector<std::string> expected = {"ipsec.log"};
                for (int i = 0; i < 10; ++i)
                {
                    expected.push_back("ipsec.log." + std::to_string(i));
                }
                std::sort(expected.begin(), expected.end());
                NS_TEST_ASSERT_MSG_EQ((Files() == expected), true, "active file and .0-.9");
                NS_TEST_ASSERT_MSG_EQ(Contains(ReadFile(Old(0)), "message: cycle 9\n"),
                                      true,
                                      ".0: the newest");
                NS_TEST_ASSERT_MSG_EQ(Contains(ReadFile(Old(9)), "message: cycle 0\n"),
                                      true,
                                      ".9: the oldest");
                NS_TEST_ASSERT_MSG_EQ(Contains(ReadFile(LogPath()), "message: cycle 10\n"),
                                      true,
                                      "active");
            }
        }
        // Twelve starts: the oldest (cycle 0) is gone, the others moved down by one.
        std::vector<std::string> files = Files();
        NS_TEST_ASSERT_MSG_EQ(files.size(), 11, "one active and ten old files");
        NS_TEST_ASSERT_MSG_EQ(fs::exists(Old(10)), false, "never a .10");
        NS_TEST_ASSERT_MSG_EQ(ReadFile(LogPath()),
                              ESP_HEADER + "\n  message: cycle 11\n",
                              "active: the latest only");
        for (int i = 0; i < 10; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(ReadFile(Old(i)),
                                  ESP_HEADER + "\n  message: cycle " + std::to_string(10 - i) +
                                      "\n",
                                  ".N holds the N+1-th newest");
        }
        bool cycle0 = false;
        for (const auto& name : files)
        {
            cycle0 = cycle0 || Contains(ReadFile(m_dir / name), "cycle 0\n");
        }
        NS_TEST_ASSERT_MSG_EQ(cycle0, false, "the oldest log was deleted");

        // Restart is a stop and a start: it rotates too.
        logger->Enable();
        logger->Log(f);
        logger->Restart();
        NS_TEST_ASSERT_MSG_EQ(fs::file_size(LogPath()), 0, "restart rotated");
        NS_TEST_ASSERT_MSG_EQ(Contains(ReadFile(Old(0)), "cycle 11\n"), true, "into .0");
        logger->Dispose();
    }
};

/// Below the threshold the log is appended to; at the threshold it rotates.
class RotationThresholdTestCase : public PolicyLoggerTestCase
{
  public:
    RotationThresholdTestCase()
        : PolicyLoggerTestCase("rotation threshold: below appends, equal rotates, units")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<IpsecPolicyLogger> logger = MakeLogger("minimal");
        std::string error;
        logger->SetProperty("log_rotation_size", "1", error);
        logger->SetProperty("log_size_units", "K", error);
        logger->Refresh();
        for (int i = 0; i < 3; ++i)
        {
            logger->Enable();
            logger->Log(EspFailure());
            logger->Disable();
        }
        const std::string three = ESP_HEADER + "\n" + ESP_HEADER + "\n" + ESP_HEADER + "\n";
        NS_TEST_ASSERT_MSG_EQ(ReadFile(LogPath()), three, "below 1 KiB: appended across starts");
        NS_TEST_ASSERT_MSG_EQ(fs::exists(LogPath().string() + ".0"), false, "no rotation");

        // One byte more than the file: still no rotation.
        const uintmax_t size = fs::file_size(LogPath());
        NS_TEST_ASSERT_MSG_EQ(
            logger->SetProperty("log_rotation_size", std::to_string(size + 1), error),
            true,
            error);
        logger->SetProperty("log_size_units", "b", error);
        logger->Refresh();
        logger->Enable();
        NS_TEST_ASSERT_MSG_EQ(fs::exists(LogPath().string() + ".0"), false, "size < threshold");
        logger->Disable();

        // Exactly the file's size: rotation (the threshold is reached).
        logger->SetProperty("log_rotation_size", std::to_string(size), error);
        logger->Refresh();
        logger->Enable();
        NS_TEST_ASSERT_MSG_EQ(ReadFile(LogPath().string() + ".0"), three, "size == threshold");
        NS_TEST_ASSERT_MSG_EQ(fs::file_size(LogPath()), 0, "fresh active file");

        // An empty log never rotates, even with the 1-byte threshold.
        logger->SetProperty("log_rotation_size", "1", error);
        logger->Refresh();
        logger->Restart();
        NS_TEST_ASSERT_MSG_EQ(fs::exists(LogPath().string() + ".1"), false, "empty: kept");
        logger->Dispose();
    }
};

/// Disable stops logging; a log file that cannot be opened means maintenance, not a crash.
class DisableAndMaintenanceTestCase : public PolicyLoggerTestCase
{
  public:
    DisableAndMaintenanceTestCase()
        : PolicyLoggerTestCase("disable stops logging; an unusable log file is maintenance")
    {
    }

  private:
    /** Trace sink: counts entries. */
    void Logged(const std::string& /* entry */)
    {
        ++m_traced;
    }

    void DoRun() override
    {
        Ptr<IpsecPolicyLogger> logger = MakeLogger();
        logger->TraceConnectWithoutContext(
            "Logged",
            MakeCallback(&DisableAndMaintenanceTestCase::Logged, this));
        logger->Enable();
        NS_TEST_ASSERT_MSG_EQ(logger->Log(EspFailure()), true, "online: logged");
        const std::string once = ReadFile(LogPath());
        logger->Disable();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "disabled", "disabled");
        NS_TEST_ASSERT_MSG_EQ(logger->IsEnabled(), false, "not enabled");
        NS_TEST_ASSERT_MSG_EQ(logger->GetActiveLogFile(), "", "no active file");
        NS_TEST_ASSERT_MSG_EQ(logger->Log(EspFailure()), false, "disabled: not logged");
        NS_TEST_ASSERT_MSG_EQ(ReadFile(LogPath()), once, "file unchanged");
        NS_TEST_ASSERT_MSG_EQ(logger->GetEntryCount(), 1, "count unchanged");
        NS_TEST_ASSERT_MSG_EQ(m_traced, 1, "no trace");
        logger->Restart();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "disabled", "restart does not enable");

        // A directory that does not exist.
        const fs::path missing = m_dir / "missing" / "ipsec.log";
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(logger->SetProperty("log_file", missing.string(), error),
                              true,
                              "a path is valid even if its directory is missing: " << error);
        logger->Refresh();
        logger->Enable();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "maintenance", "maintenance");
        NS_TEST_ASSERT_MSG_EQ(logger->GetState(), IpsecPolicyLogger::State::MAINTENANCE, "enum");
        NS_TEST_ASSERT_MSG_EQ(logger->IsEnabled(), true, "enabled, not running");
        NS_TEST_ASSERT_MSG_EQ(logger->IsOnline(), false, "not online");
        NS_TEST_ASSERT_MSG_EQ(Contains(logger->GetError(), missing.string()),
                              true,
                              "the error names the file: " << logger->GetError());
        NS_TEST_ASSERT_MSG_EQ(Contains(logger->GetError(), "No such file or directory"),
                              true,
                              "and says why: " << logger->GetError());
        NS_TEST_ASSERT_MSG_EQ(logger->Log(EspFailure()), false, "nothing logged");
        NS_TEST_ASSERT_MSG_EQ(fs::exists(missing.parent_path()), false, "no directory made");
        NS_TEST_ASSERT_MSG_EQ(Contains(Listing(logger), "restarter/state astring maintenance\n"),
                              true,
                              "svcprop shows it");
        logger->Restart();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "maintenance", "restart: still failing");

        // A directory where the file should be.
        NS_TEST_ASSERT_MSG_EQ(logger->SetProperty("log_file", m_dir.string() + "/", error),
                              false,
                              "a trailing '/' names no file");
        NS_TEST_ASSERT_MSG_EQ(logger->SetProperty("log_file", m_dir.string(), error), true, error);
        logger->Refresh();
        logger->Restart();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "maintenance", "a directory: maintenance");
        NS_TEST_ASSERT_MSG_EQ(Contains(logger->GetError(), "Is a directory"),
                              true,
                              logger->GetError());
        NS_TEST_ASSERT_MSG_EQ(fs::is_directory(m_dir), true, "the directory was not rotated");

        // Fixed and enabled again: online, the error cleared, appending to the old log.
        logger->SetProperty("log_file", LogPath().string(), error);
        logger->SetProperty("log_rotation_size", "1", error);
        logger->SetProperty("log_size_units", "g", error);
        logger->Refresh();
        logger->Enable();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "online", "online again");
        NS_TEST_ASSERT_MSG_EQ(logger->GetError(), "", "error cleared");
        NS_TEST_ASSERT_MSG_EQ(logger->Log(EspFailure()), true, "logged");
        NS_TEST_ASSERT_MSG_EQ(ReadFile(LogPath()), once + once, "appended");
        NS_TEST_ASSERT_MSG_EQ(m_traced, 2, "traced");
        logger->Dispose();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "disabled", "disposed: closed");
    }

    uint32_t m_traced = 0; //!< Entries traced
};

/// A rotation that fails is reported (maintenance), and the log is left where it was.
class RotationErrorTestCase : public PolicyLoggerTestCase
{
  public:
    RotationErrorTestCase()
        : PolicyLoggerTestCase("rotation error: maintenance with the error, log kept")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<IpsecPolicyLogger> logger = MakeLogger("minimal");
        logger->Enable();
        logger->Log(EspFailure());
        logger->Disable();
        // A non-empty directory where the oldest copy is: removing it fails.
        const fs::path oldest = LogPath().string() + ".9";
        fs::create_directories(oldest / "blocker");
        logger->Enable();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "maintenance", "rotation failed");
        NS_TEST_ASSERT_MSG_EQ(Contains(logger->GetError(), "cannot remove '" + oldest.string()),
                              true,
                              logger->GetError());
        NS_TEST_ASSERT_MSG_EQ(ReadFile(LogPath()), ESP_HEADER + "\n", "the log is untouched");
        NS_TEST_ASSERT_MSG_EQ(logger->Log(EspFailure()), false, "nothing logged");

        fs::remove_all(oldest);
        logger->Restart();
        NS_TEST_ASSERT_MSG_EQ(logger->GetStateName(), "online", "restart after the repair");
        NS_TEST_ASSERT_MSG_EQ(ReadFile(LogPath().string() + ".0"), ESP_HEADER + "\n", "rotated");
        logger->Dispose();
    }
};

/// The partial packet decode for each protocol the layer drops.
class PacketDecodeTestCase : public PolicyLoggerTestCase
{
  public:
    PacketDecodeTestCase()
        : PolicyLoggerTestCase("packet decode: IPv4 and IPv6, UDP, TCP, ICMP, ESP, AH, tunnels")
    {
    }

  private:
    /**
     * @param packet the packet
     * @param header the IP header when not in the packet
     * @return the decode lines of the entry, without the header line and the hex line
     */
    std::vector<std::string> Decode(Ptr<const Packet> packet,
                                    std::optional<IpsecIpHeader> header = std::nullopt)
    {
        IpsecPolicyFailure f = EspFailure();
        f.packet = packet;
        f.ipHeader = header;
        const uint64_t before = m_logger->GetEntryCount();
        const std::size_t offset = ReadFile(LogPath()).size();
        m_logger->Log(f);
        if (m_logger->GetEntryCount() != before + 1)
        {
            return {"not logged"};
        }
        std::vector<std::string> lines = Lines(ReadFile(LogPath()).substr(offset));
        lines.erase(lines.begin());
        if (!lines.empty() && StartsWith(lines.back(), "  packet: hex"))
        {
            lines.pop_back();
        }
        return lines;
    }

    /** @return a readable dump of @p lines for failure messages */
    static std::string Dump(const std::vector<std::string>& lines)
    {
        std::string s;
        for (const auto& l : lines)
        {
            s += "\n" + l;
        }
        return s;
    }

    void DoRun() override
    {
        m_logger = MakeLogger("packet");
        m_logger->Enable();
        std::vector<std::string> d;

        // IPv6 and ICMPv6, header in the packet.
        std::vector<uint8_t> v6(40, 0);
        v6[0] = 0x60;
        v6[5] = 8;
        v6[6] = 58;
        v6[7] = 64;
        Ipv6Address("2001:db8::1").Serialize(&v6[8]);
        Ipv6Address("2001:db8::2").Serialize(&v6[24]);
        d = Decode(FromBytes(Concat(v6, {128, 0, 0, 0, 0, 1, 0, 1})));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 2, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(
            d[0],
            "  packet: ipv6 2001:db8::1 > 2001:db8::2 proto 58 (icmpv6) length 48",
            "IPv6");
        NS_TEST_ASSERT_MSG_EQ(d[1], "  packet: icmpv6 type 128 code 0", "ICMPv6");

        // IPv6 with a fragment header (first fragment) and UDP.
        v6[5] = 16;
        v6[6] = 44;
        d = Decode(
            FromBytes(Concat(v6, {17, 0, 0, 1, 0, 0, 0, 9, 0x03, 0xe8, 0x07, 0xd0, 0, 8, 0, 0})));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 2, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[0],
                              "  packet: ipv6 2001:db8::1 > 2001:db8::2 proto 17 (udp) length "
                              "56 ext 44",
                              "extension header walked");
        NS_TEST_ASSERT_MSG_EQ(d[1], "  packet: udp 1000 > 2000 length 8", "UDP");

        // TCP, the IP header given separately (e.g. outbound, before IP added it).
        Ipv4Header h;
        h.SetSource(Ipv4Address("10.1.1.1"));
        h.SetDestination(Ipv4Address("10.1.1.2"));
        h.SetProtocol(6);
        h.SetPayloadSize(20);
        std::vector<uint8_t> tcp(20, 0);
        tcp[0] = 0xc0;
        tcp[1] = 0x01; // 49153
        tcp[3] = 80;
        tcp[6] = 0x03;
        tcp[7] = 0xe8; // seq 1000
        tcp[12] = 0x50;
        tcp[13] = 0x12; // SYN ACK
        d = Decode(FromBytes(tcp), IpsecIpHeader(h));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 2, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[0],
                              "  packet: ipv4 10.1.1.1 > 10.1.1.2 proto 6 (tcp) length 40 "
                              "(header not in the packet)",
                              "separate IPv4 header");
        NS_TEST_ASSERT_MSG_EQ(d[1], "  packet: tcp 49153 > 80 seq 1000 flags SA", "TCP");

        // ESP in UDP (RFC 3948), keepalive and IKE's non-ESP marker on port 4500.
        h.SetProtocol(17);
        d = Decode(FromBytes({0x11, 0x94, 0x11, 0x94, 0, 24, 0, 0, 0, 0, 0x20, 0x02,
                              0,    0,    0,    9,    1, 2,  3, 4, 5, 6, 7,    8}),
                   IpsecIpHeader(h));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 3, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[1], "  packet: udp 4500 > 4500 length 24", "UDP on 4500");
        NS_TEST_ASSERT_MSG_EQ(d[2],
                              "  packet: esp (udp-encapsulated) spi 0x00002002 seq 9",
                              "ESP in UDP");
        d = Decode(FromBytes({0x11, 0x94, 0x11, 0x94, 0, 9, 0, 0, 0xff}), IpsecIpHeader(h));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 3, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[2], "  packet: nat-keepalive", "keepalive");
        d = Decode(FromBytes({0x11, 0x94, 0x11, 0x94, 0, 16, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4}),
                   IpsecIpHeader(h));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 3, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[2], "  packet: non-esp marker (ike)", "IKE");

        // AH transport mode: AH fields, then the payload it leaves in clear.
        std::vector<uint8_t> ah = {1, 4, 0, 0, 0, 0, 0x30, 0x03, 0, 0, 0, 5};
        ah.resize(24, 0x5a); // 12-byte ICV
        const std::vector<uint8_t> icmp = {8, 0, 0, 0, 0, 1, 0, 1};
        d = Decode(FromBytes(Concat(Concat(Ipv4Bytes("10.1.1.1", "10.1.1.2", 51, 32), ah), icmp)));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 3, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[0],
                              "  packet: ipv4 10.1.1.1 > 10.1.1.2 proto 51 (ah) length 52",
                              "IPv4 with AH");
        NS_TEST_ASSERT_MSG_EQ(d[1], "  packet: ah spi 0x00003003 seq 5 next 1 (icmp)", "AH");
        NS_TEST_ASSERT_MSG_EQ(d[2], "  packet: icmp type 8 code 0", "ICMP after AH");

        // A tunnel: IPv4 in IPv4, inner UDP.
        const std::vector<uint8_t> udp = {0x13, 0x88, 0x17, 0x70, 0, 16, 0, 0};
        std::vector<uint8_t> inner = Ipv4Bytes("192.168.1.1", "192.168.2.1", 17, 16);
        inner = Concat(Concat(inner, udp), std::vector<uint8_t>(8, 0));
        d = Decode(FromBytes(Concat(Ipv4Bytes("10.0.0.1", "10.0.0.2", 4, 36), inner)));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 3, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(
            d[1],
            "  packet: inner ipv4 192.168.1.1 > 192.168.2.1 proto 17 (udp) length 36",
            "inner header");
        NS_TEST_ASSERT_MSG_EQ(d[2], "  packet: udp 5000 > 6000 length 16", "inner UDP");

        // Truncated, empty, missing, and not IP at all: described, never read past the end.
        d = Decode(FromBytes(std::vector<uint8_t>(Ipv4Bytes("10.1.1.1", "10.1.1.2", 50, 8))));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 2, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[1], "  packet: esp header truncated (0 bytes)", "no ESP bytes");
        d = Decode(FromBytes({0x45, 0, 0, 20, 0, 0, 0, 0, 64, 50}));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 1, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[0], "  packet: ipv4 header truncated (10 bytes)", "short IPv4");
        d = Decode(Create<Packet>());
        NS_TEST_ASSERT_MSG_EQ(d.size(), 1, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[0], "  packet: ip header missing (0 bytes)", "empty packet");
        d = Decode(nullptr);
        NS_TEST_ASSERT_MSG_EQ(d.size(), 1, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[0], "  packet: none", "no packet");
        d = Decode(FromBytes({0x20, 1, 2, 3}));
        NS_TEST_ASSERT_MSG_EQ(d.size(), 1, Dump(d));
        NS_TEST_ASSERT_MSG_EQ(d[0], "  packet: not an ip header (version 2)", "not IP");

        // The hex dump is bounded, whatever the packet's size.
        IpsecPolicyFailure big = EspFailure();
        big.packet = Create<Packet>(1400);
        big.ipHeader = IpsecIpHeader(h);
        const std::size_t offset = ReadFile(LogPath()).size();
        m_logger->Log(big);
        const std::vector<std::string> lines = Lines(ReadFile(LogPath()).substr(offset));
        NS_TEST_ASSERT_MSG_EQ(Contains(lines.back(), "(32 of 1400 bytes)"), true, lines.back());
        NS_TEST_ASSERT_MSG_EQ(lines.back().size(), 10 + 4 + 32 * 3 - 1 + 19, lines.back());
        m_logger->Dispose();
        m_logger = nullptr;
    }

    Ptr<IpsecPolicyLogger> m_logger; //!< Logger under test
};

/// Policy logger suite.
class IpsecPolicyLoggerTestSuite : public TestSuite
{
  public:
    IpsecPolicyLoggerTestSuite()
        : TestSuite("ipsec-policy-logger", ipsectest::UNIT)
    {
        AddTestCase(new ProcessingStackTestCase, ipsectest::QUICK);
        AddTestCase(new DefaultsTestCase, ipsectest::QUICK);
        AddTestCase(new LogLevelTestCase, ipsectest::QUICK);
        AddTestCase(new BacktraceDepthTestCase, ipsectest::QUICK);
        AddTestCase(new InvalidPropertyTestCase, ipsectest::QUICK);
        AddTestCase(new PendingUntilRefreshTestCase, ipsectest::QUICK);
        AddTestCase(new RotationTestCase, ipsectest::QUICK);
        AddTestCase(new RotationThresholdTestCase, ipsectest::QUICK);
        AddTestCase(new DisableAndMaintenanceTestCase, ipsectest::QUICK);
        AddTestCase(new RotationErrorTestCase, ipsectest::QUICK);
        AddTestCase(new PacketDecodeTestCase, ipsectest::QUICK);
    }
};

/// Static instance.
static IpsecPolicyLoggerTestSuite g_ipsecPolicyLoggerTestSuite;
