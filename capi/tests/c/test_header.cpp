// The header compiles as C++ and the library links from C++.
#include <cstdio>
#include <cstring>

#include "massage_rules.h"

int main() {
    mr_protocol *protocol = nullptr;
    if (mr_protocol_seed(&protocol) != MR_OK) {
        return 1;
    }
    char *out = nullptr;
    mr_status status = mr_screen_json(
        protocol,
        "{\"assessed_on\": \"2026-11-27\", \"age\": 40, \"pregnant\": \"no\", "
        "\"findings\": [], \"history\": \"none\", \"practitioner\": {\"licensed\": \"yes\", "
        "\"medical_massage_trained\": \"yes\"}}",
        &out);
    const bool ok = status == MR_OK && std::strstr(out, "\"cleared\"") != nullptr;
    mr_string_free(out);
    mr_protocol_free(protocol);
    std::printf("C++ client: %s\n", ok ? "ok" : "failed");
    return ok ? 0 : 1;
}
