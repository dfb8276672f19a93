/* Screen an intake from C, and plan care when it is cleared.
 *
 * Build (from the repository root, after `cargo build -p massage-rules-capi`):
 *   cc -std=c99 -Icapi/include capi/examples/screen.c \
 *      target/debug/libmassage_rules_capi.a -lpthread -ldl -lm -o screen
 */
#include <stdio.h>

#include "massage_rules.h"

int main(void) {
    const char *intake =
        "{\"assessed_on\": \"2026-11-27\", \"age\": 52, \"pregnant\": \"no\","
        " \"findings\": [{\"contraindication\": \"skin_condition\","
        " \"location\": {\"part\": \"upper_back\"}}],"
        " \"conditions\": [{\"condition\": \"neck_pain\", \"acuity\": \"chronic\","
        " \"locations\": [{\"part\": \"neck\"}]}],"
        " \"goals\": [\"pain_relief\"], \"pain_tolerance\": \"moderate\","
        " \"history\": \"none\", \"practitioner\": {\"licensed\": \"yes\", \"medical_massage_trained\": \"yes\"}}";
    char request[1024];
    mr_protocol *protocol = NULL;
    char *out = NULL;
    mr_status status;

    status = mr_protocol_conservative(&protocol);
    if (status != MR_OK) {
        fprintf(stderr, "no protocol: %s\n", mr_status_name(status));
        return 1;
    }

    status = mr_screen_json(protocol, intake, &out);
    printf("screening (%s): %s\n", mr_status_name(status), out);
    mr_string_free(out);

    snprintf(request, sizeof request, "{\"intake\": %s, \"start\": \"2026-11-30\"}", intake);
    status = mr_care_plan_json(protocol, request, &out);
    printf("care plan (%s): %s\n", mr_status_name(status), out);
    mr_string_free(out);

    mr_protocol_free(protocol);
    return status == MR_OK ? 0 : 1;
}
