/*
 * Copyright (c) 2026 ns3-ipsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IPSEC_POLICY_LOGGER_H
#define IPSEC_POLICY_LOGGER_H

#include "ipsec-policy-failure.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup ipsec
 * @brief The IPsec policy logger: the counterpart of the `svc:/network/ipsec/policy:logger`
 * service of ipsec(4P). It records IPsec policy failures (every packet the layer drops, with
 * its reason) in a log file, with as much detail as the log level asks for.
 *
 * It is administered like the service it models:
 * - SetProperty() is `svccfg setprop`: the value is checked and stored as *pending*;
 * - Refresh() is `svcadm refresh`: pending values become the *configured* ones;
 * - Enable(), Disable() and Restart() are `svcadm enable/disable/restart`: a start applies the
 *   configured values (they are *running* from then on), rotates the log file when it has
 *   reached the threshold and opens it for appending. So a new value needs a refresh and a
 *   restart before it is effective, as the man page says.
 *
 * The ns-3 attributes (LogLevel, LogFile, LogRotationSize, LogSizeUnits, BacktraceDepth) are
 * the same five properties, seen from ns-3's configuration system: setting one stores the
 * value as pending *and* configured at once (setprop followed by refresh), so Config::Set,
 * Config::SetDefault and the command line need no Refresh(); like any configured value it is
 * used from the next start. Reading one gives the configured value. An invalid value is
 * refused by the attribute's checker (SetAttributeFailSafe returns false; Config::Set stops the
 * run as ns-3 does for any refused value).
 *
 * States, as `svcs` names them: `disabled` (the initial state: the service is delivered
 * disabled), `online` (logging), `maintenance` (enabled, but the start failed: the log file
 * could not be rotated or opened; GetError() says why). Nothing is logged unless online.
 * Enable() and Restart() retry a start from maintenance (where the real service would need
 * `svcadm clear` first).
 *
 * One logger can serve every node of a simulation (each entry names its node), like the one
 * service of a system; loggers sharing a log file would rotate it under each other's feet,
 * so give each logger its own file.
 *
 * An entry is a header line (simulation time in seconds, node id, direction, drop reason,
 * SPI, 0x00000000 when no SA is involved), then two-space indented lines: the message, the
 * partial packet decode and the hex of the packet's first bytes (from where the packet starts:
 * after the IP header when that is given apart), and the stack frames, innermost first, as
 * the log level asks. `minimal` writes the header line alone. An empty part is written as
 * "-" rather than left out. For example, with message+stack+packet:
 * @verbatim
   time=2.000000000 node=1 direction=inbound reason=icv-mismatch spi=0x00001001
     message: ICV mismatch on SA 0x1001
     packet: ipv4 10.1.1.1 > 10.1.1.2 proto 50 (esp) length 120
     packet: esp spi 0x00001001 seq 7
     packet: hex 45 00 00 78 ... (32 of 120 bytes)
     stack: #0 ipsec`ipsec_layer::VerifyEsp
     stack: #1 ns3`Ipv4L3Protocol::LocalDeliver
   @endverbatim
 */
class IpsecPolicyLogger : public Object
{
  public:
    /** The service states, as svcs(1) shows them. */
    enum class State : uint8_t
    {
        DISABLED,    //!< Not enabled: nothing is logged
        ONLINE,      //!< Enabled and logging
        MAINTENANCE, //!< Enabled, but the start failed (see GetError())
    };

    /** Largest log_rotation_size: with the largest unit the threshold still fits 64 bits. */
    static constexpr uint32_t MAX_ROTATION_SIZE = 0xffffffffU;
    /** Largest backtrace_depth: deeper than any processing chain of the layer. */
    static constexpr uint32_t MAX_BACKTRACE_DEPTH = 256;
    /** Old log files kept by rotation: log_file.0 (newest) to log_file.9. */
    static constexpr uint32_t ROTATED_FILES = 10;
    /** Bytes of the packet shown in hex by the packet decode. */
    static constexpr uint32_t HEX_DUMP_BYTES = 32;

    /**
     * @brief Signature of the Logged trace.
     * @param entry the entry as written to the log file, lines ending in '\n'
     */
    typedef void (*LoggedTracedCallback)(const std::string& entry);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    IpsecPolicyLogger();
    ~IpsecPolicyLogger() override;

    /**
     * @return the property names, as `svcprop` prints them ("config/log_level", ...)
     */
    static std::vector<std::string> GetPropertyNames();

    /**
     * @brief Check a property value without storing it.
     * @param name the property, with or without its "config/" group
     * @param value the value
     * @param[out] error what is wrong, naming the property and the values it accepts
     * @return whether @p name is a property and @p value is valid for it
     */
    static bool ValidateProperty(const std::string& name,
                                 const std::string& value,
                                 std::string& error);

    /**
     * @brief `svccfg setprop`: store a valid value as pending. An unknown name or an invalid
     * value changes nothing.
     * @param name the property, with or without its "config/" group
     * @param value the value (numbers are stored in canonical form, e.g. "007" as "7")
     * @param[out] error what is wrong, naming the property and the values it accepts
     * @return whether the value was stored
     */
    bool SetProperty(const std::string& name, const std::string& value, std::string& error);
    /**
     * @param name the property, with or without its "config/" group
     * @return its pending value (what `svccfg listprop` shows), or "" for an unknown name
     */
    std::string GetProperty(const std::string& name) const;
    /**
     * @param name the property, with or without its "config/" group
     * @return its configured value (what `svcprop` shows after a refresh), or "" for an
     *         unknown name
     */
    std::string GetConfiguredProperty(const std::string& name) const;

    /** @brief `svcadm refresh`: the pending values become the configured ones. */
    void Refresh();
    /**
     * @brief `svcadm enable`: start with the configured values if disabled (or in
     * maintenance); nothing if already online.
     */
    void Enable();
    /** @brief `svcadm disable`: stop logging and close the log file. */
    void Disable();
    /**
     * @brief `svcadm restart`: stop, then start with the configured values. Nothing if
     * disabled.
     */
    void Restart();

    /** @return whether the service is enabled (online, or in maintenance) */
    bool IsEnabled() const;
    /** @return whether the service is online, i.e. Log() writes entries */
    bool IsOnline() const;
    /** @return the state */
    State GetState() const;
    /** @return the state's name as svcs shows it: "disabled", "online" or "maintenance" */
    std::string GetStateName() const;
    /** @return why the last start failed ("" when it did not) */
    const std::string& GetError() const;
    /** @return the file being written while online, else "" */
    const std::string& GetActiveLogFile() const;
    /**
     * @brief How many frames an entry would show, so the layer snapshots the processing stack
     * only when it is logged: IpsecProcessingStack::Snapshot(GetWantedStackDepth()).
     * @return the running backtrace_depth if online with the stack log level, else 0
     */
    uint32_t GetWantedStackDepth() const;

    /**
     * @brief Record a policy failure, if online: the header line, then the message, packet
     * decode and stack (cut at backtrace_depth) as the running log level asks. The entry is
     * flushed to the file before this returns. A write error puts the service in
     * maintenance.
     * @param failure the failure
     * @return whether an entry was written
     */
    bool Log(const IpsecPolicyFailure& failure);
    /** @return the entries written since this logger was created (all starts together) */
    uint64_t GetEntryCount() const;

    /**
     * @brief Print the configured properties and the state, one per line as
     * `svcprop` does: "config/log_level astring message+packet".
     * @param os the stream
     */
    void Print(std::ostream& os) const;

    /**
     * @brief Name of a state.
     * @param state the state
     * @return "disabled", "online" or "maintenance"
     */
    static const char* StateName(State state);

  protected:
    /** Stops the logger, closing its log file. */
    void DoDispose() override;

  private:
    /** The properties, in the order svcprop lists them. */
    enum Property : uint8_t
    {
        LOG_LEVEL,
        LOG_FILE,
        LOG_ROTATION_SIZE,
        LOG_SIZE_UNITS,
        BACKTRACE_DEPTH,
        PROPERTY_COUNT,
    };

    /** The values a start applies, parsed from the configured properties. */
    struct Running
    {
        bool message = false;         //!< Log the message
        bool packet = false;          //!< Log the partial packet decode
        bool stack = false;           //!< Log the stack back trace
        std::string file;             //!< The log file
        uint64_t threshold = 1;       //!< Rotate on start when the file has at least this size
        uint32_t backtraceDepth = 25; //!< Frames logged, innermost first
    };

    /**
     * @param name a property name, with or without "config/"
     * @param[out] property the property
     * @return whether @p name is a property
     */
    static bool FindProperty(const std::string& name, Property& property);
    /**
     * @brief Check a value and bring it into canonical form.
     * @param property the property
     * @param value the value
     * @param[out] canonical the value to store
     * @param[out] error what is wrong
     * @return whether the value is valid
     */
    static bool Canonicalize(Property property,
                             const std::string& value,
                             std::string& canonical,
                             std::string& error);
    /**
     * @brief Find a property and check a value for it.
     * @param name the property, with or without "config/"
     * @param value the value
     * @param[out] property the property
     * @param[out] canonical the value to store
     * @param[out] error what is wrong
     * @return whether @p name is a property and @p value is valid for it
     */
    static bool Parse(const std::string& name,
                      const std::string& value,
                      Property& property,
                      std::string& canonical,
                      std::string& error);
    /**
     * @brief Store a value as pending and configured (the attributes' path); a value the
     * checker let through cannot be invalid, so a failure here is a fatal error.
     * @param property the property
     * @param value the value
     */
    void SetConfigured(Property property, const std::string& value);

    /** @param value the LogLevel attribute */
    void SetLogLevelAttribute(std::string value);
    /** @return the LogLevel attribute */
    std::string GetLogLevelAttribute() const;
    /** @param value the LogFile attribute */
    void SetLogFileAttribute(std::string value);
    /** @return the LogFile attribute */
    std::string GetLogFileAttribute() const;
    /** @param value the LogRotationSize attribute */
    void SetLogRotationSizeAttribute(uint32_t value);
    /** @return the LogRotationSize attribute */
    uint32_t GetLogRotationSizeAttribute() const;
    /** @param value the LogSizeUnits attribute */
    void SetLogSizeUnitsAttribute(std::string value);
    /** @return the LogSizeUnits attribute */
    std::string GetLogSizeUnitsAttribute() const;
    /** @param value the BacktraceDepth attribute */
    void SetBacktraceDepthAttribute(uint32_t value);
    /** @return the BacktraceDepth attribute */
    uint32_t GetBacktraceDepthAttribute() const;

    /** @brief Start: apply the configured values, rotate, open; online or maintenance. */
    void Start();
    /** @brief Stop: close the log file; disabled. */
    void Stop();
    /**
     * @brief Enter maintenance, closing the file.
     * @param error why
     */
    void Fail(const std::string& error);
    /**
     * @brief Rotate @p file if it is a regular file of at least @p threshold bytes.
     * @param file the active log file
     * @param threshold the size that triggers rotation
     * @param[out] error the I/O error, if any
     * @return false on an I/O error
     */
    static bool Rotate(const std::string& file, uint64_t threshold, std::string& error);
    /**
     * @param failure a failure
     * @return its entry for the running log level
     */
    std::string FormatEntry(const IpsecPolicyFailure& failure) const;

    std::array<std::string, PROPERTY_COUNT> m_pending;    //!< Set, not yet refreshed
    std::array<std::string, PROPERTY_COUNT> m_configured; //!< Refreshed: used by the next start
    Running m_running;                                    //!< Applied by the last start
    State m_state;                                        //!< Service state
    std::string m_error;                                  //!< Why the last start failed
    std::FILE* m_file;                                    //!< The open log file while online
    uint64_t m_entries;                                   //!< Entries written
    TracedCallback<const std::string&> m_loggedTrace;     //!< Fired per entry written
};

/**
 * @brief Print a logger's configuration and state (IpsecPolicyLogger::Print()).
 * @param os the stream
 * @param logger the logger
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, const IpsecPolicyLogger& logger);

/**
 * @brief Print a state's name.
 * @param os the stream
 * @param state the state
 * @return the stream
 */
std::ostream& operator<<(std::ostream& os, IpsecPolicyLogger::State state);

} // namespace ns3

#endif /* IPSEC_POLICY_LOGGER_H */
