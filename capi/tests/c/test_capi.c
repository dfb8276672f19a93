/* Tests of the C ABI from C: success paths and every status a caller can meet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "massage_rules.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                          \
    do {                                                                     \
        checks++;                                                            \
        if (!(cond)) {                                                       \
            failures++;                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
        }                                                                    \
    } while (0)

#define CONTAINS(haystack, needle) \
    ((haystack) != NULL && strstr((haystack), (needle)) != NULL)

static const char *INTAKE_WOUND =
    "{\"assessed_on\": \"2026-11-27\", \"age\": 29, \"pregnant\": \"no\","
    " \"findings\": [{\"contraindication\": \"open_wound\","
    " \"location\": {\"part\": \"forearm\", \"side\": \"left\"}}],"
    " \"conditions\": [{\"condition\": \"anxiety\", \"acuity\": \"ongoing\"}],"
    " \"goals\": [\"relaxation\"], \"pain_tolerance\": \"moderate\","
    " \"history\": \"none\", \"practitioner\": {\"licensed\": \"yes\", \"medical_massage_trained\": \"yes\"}}";

static const char *INTAKE_CLOT =
    "{\"assessed_on\": \"2026-11-27\", \"age\": 50, \"pregnant\": \"no\","
    " \"findings\": [{\"contraindication\": \"blood_clot\","
    " \"location\": {\"part\": \"lower_leg\", \"side\": \"right\"}}],"
    " \"history\": \"none\", \"practitioner\": {\"licensed\": \"yes\", \"medical_massage_trained\": \"yes\"}}";

static void test_version_and_status_names(void) {
    CHECK(CONTAINS(mr_version(), "."));
    CHECK(strcmp(mr_status_name(MR_OK), "MR_OK") == 0);
    CHECK(strcmp(mr_status_name(MR_PANIC), "MR_PANIC") == 0);
    CHECK(strcmp(mr_status_name(MR_UNKNOWN_NAME), "MR_UNKNOWN_NAME") == 0);
    CHECK(strcmp(mr_status_name(12345), "MR_UNKNOWN_STATUS") == 0);
    /* Every status has words, those without an error document too. */
    for (uint32_t status = MR_OK; status <= MR_OUT_OF_RANGE; status++) {
        CHECK(strcmp(mr_status_name(status), "MR_UNKNOWN_STATUS") != 0);
        CHECK(strlen(mr_status_message(status)) > 5);
        CHECK(strcmp(mr_status_message(status), mr_status_message(12345)) != 0);
    }
    CHECK(strstr(mr_status_message(MR_NULL_ARGUMENT), "NULL") != NULL);
}

static void test_screening(void) {
    mr_protocol *seed = NULL;
    mr_protocol *conservative = NULL;
    char *out = NULL;

    CHECK(mr_protocol_seed(&seed) == MR_OK && seed != NULL);
    CHECK(mr_protocol_conservative(&conservative) == MR_OK && conservative != NULL);

    CHECK(mr_screen_json(seed, INTAKE_WOUND, &out) == MR_OK);
    CHECK(CONTAINS(out, "\"outcome\":\"restricted\""));
    CHECK(CONTAINS(out, "\"left_forearm\""));
    CHECK(CONTAINS(out, "\"seed\":\"L137\""));
    mr_string_free(out);

    /* NULL protocol means seed. */
    CHECK(mr_screen_json(NULL, INTAKE_CLOT, &out) == MR_OK);
    CHECK(CONTAINS(out, "\"outcome\":\"restricted\""));
    mr_string_free(out);

    /* The conservative protocol escalates a blood clot. */
    CHECK(mr_screen_json(conservative, INTAKE_CLOT, &out) == MR_OK);
    CHECK(CONTAINS(out, "\"outcome\":\"needs_approval\""));
    CHECK(CONTAINS(out, "\"id\":\"conservative\""));
    mr_string_free(out);

    mr_protocol_free(seed);
    mr_protocol_free(conservative);
}

static void test_plan(void) {
    char request[2048];
    char *out = NULL;
    snprintf(request, sizeof request,
             "{\"intake\": %s, \"start\": \"2026-11-30\","
             " \"availability\": {\"weekdays\": [\"monday\", \"thursday\"]}}",
             INTAKE_WOUND);
    CHECK(mr_care_plan_json(NULL, request, &out) == MR_OK);
    CHECK(CONTAINS(out, "\"session\""));
    CHECK(CONTAINS(out, "\"techniques\""));
    CHECK(CONTAINS(out, "\"schedule\""));
    /* Ongoing anxiety: monthly maintenance from the first available day, the start. */
    CHECK(CONTAINS(out, "\"kind\":\"maintenance\""));
    CHECK(CONTAINS(out, "\"2026-11-30\""));
    mr_string_free(out);

    /* A client who needs approval gets the screening and what is held back, not an error. */
    snprintf(request, sizeof request, "{\"intake\": %s}",
             "{\"assessed_on\": \"2026-11-27\", \"age\": 30, \"pregnant\": \"yes\","
             " \"findings\": [], \"history\": \"none\", \"practitioner\": {\"licensed\": \"yes\","
             " \"medical_massage_trained\": \"yes\"}}");
    CHECK(mr_care_plan_json(NULL, request, &out) == MR_OK);
    CHECK(CONTAINS(out, "\"needs_approval\""));
    CHECK(CONTAINS(out, "\"held_back\""));
    CHECK(!CONTAINS(out, "\"schedule\""));
    mr_string_free(out);
}

/* Words, iCalendar and FHIR through C: the same care plan in each language. */
static void test_words_ics_fhir(void) {
    char request[2048];
    char *out = NULL;
    snprintf(request, sizeof request,
             "{\"intake\": %s, \"start\": \"2026-11-30\","
             " \"availability\": {\"weekdays\": [\"monday\", \"thursday\"]}}",
             INTAKE_WOUND);
    /* The new name and the old one answer the same. */
    char *old = NULL;
    CHECK(mr_care_plan_json(NULL, request, &out) == MR_OK);
    CHECK(mr_care_plan_json(NULL, request, &old) == MR_OK);
    CHECK(out != NULL && old != NULL && strcmp(out, old) == 0);
    mr_string_free(out);
    mr_string_free(old);

    /* Every reason as a sentence, with its rule, seed line and words. */
    CHECK(mr_screen_text(NULL, INTAKE_WOUND, &out) == MR_OK);
    CHECK(CONTAINS(out, "Cleared, with regions to avoid"));
    CHECK(CONTAINS(out, "R-local L137"));
    CHECK(CONTAINS(out, "avoid this region"));
    mr_string_free(out);
    CHECK(mr_care_plan_text(NULL, request, &out) == MR_OK);
    CHECK(CONTAINS(out, "R-local L137"));
    CHECK(CONTAINS(out, "minutes"));
    mr_string_free(out);

    /* iCalendar: zoned to UTC stamps, one VEVENT a phase. */
    CHECK(mr_care_plan_ics(NULL, request, "client-17", 1796202000, &out) == MR_OK);
    CHECK(CONTAINS(out, "BEGIN:VCALENDAR"));
    CHECK(CONTAINS(out, "BEGIN:VEVENT"));
    CHECK(CONTAINS(out, "client-17"));
    mr_string_free(out);
    /* No dates to write: a status and the reason, not an empty calendar. */
    CHECK(mr_care_plan_ics(NULL, "{\"intake\": {\"assessed_on\": \"2026-11-27\", \"age\": 30,"
                                 " \"pregnant\": \"yes\", \"findings\": [], \"history\": \"none\","
                                 " \"practitioner\": {\"licensed\": \"yes\","
                                 " \"medical_massage_trained\": \"yes\"}}}",
                           NULL, 0, &out) == MR_NO_SCHEDULE);
    CHECK(CONTAINS(out, "MR_NO_SCHEDULE"));
    mr_string_free(out);
    CHECK(mr_care_plan_ics(NULL, request, NULL, INT64_MAX, &out) == MR_OUT_OF_RANGE);
    mr_string_free(out);
    CHECK(mr_care_plan_ics(NULL, request, NULL, 0, NULL) == MR_NULL_ARGUMENT);

    /* FHIR R4 CarePlan for a patient. */
    CHECK(mr_care_plan_fhir_json(NULL, request, "Patient/17", &out) == MR_OK);
    CHECK(CONTAINS(out, "\"resourceType\":\"CarePlan\""));
    CHECK(CONTAINS(out, "Patient/17"));
    mr_string_free(out);
    CHECK(mr_care_plan_fhir_json(NULL, NULL, NULL, &out) == MR_NULL_ARGUMENT);
    mr_string_free(out);
    CHECK(strcmp(mr_status_name(MR_NO_SCHEDULE), "MR_NO_SCHEDULE") == 0);
}

/* Timed appointments in a time zone: the JSON and the calendar carry zoned times, and
   the appointment-book check answers with cards. */
static void test_timed(void) {
    const char *timed =
        "{\"intake\": {\"assessed_on\": \"2027-03-01\", \"age\": 45, \"pregnant\": \"no\","
        " \"findings\": [], \"history\": \"none\","
        " \"conditions\": [{\"condition\": \"back_pain\", \"acuity\": \"chronic\"}],"
        " \"practitioner\": {\"licensed\": \"yes\", \"medical_massage_trained\": \"yes\"}},"
        " \"timing\": {\"time_zone\": \"America/New_York\","
        " \"hours\": {\"monday\": [{\"start\": \"09:00\", \"end\": \"17:00\"}],"
        " \"thursday\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}}}";
    char *out = NULL;
    CHECK(mr_care_plan_json(NULL, timed, &out) == MR_OK);
    /* Before and after the change to daylight time on 14 March 2027, both at 09:00. */
    CHECK(CONTAINS(out, "\"2027-03-04T09:00:00-05:00[America/New_York]\""));
    CHECK(CONTAINS(out, "\"2027-03-15T09:00:00-04:00[America/New_York]\""));
    mr_string_free(out);
    CHECK(mr_care_plan_ics(NULL, timed, "client-9", 1796202000, &out) == MR_OK);
    CHECK(CONTAINS(out, "BEGIN:VTIMEZONE"));
    CHECK(CONTAINS(out, "DTSTART;TZID=America/New_York:20270315T090000"));
    CHECK(CONTAINS(out, "DTEND;TZID=America/New_York:20270315T100000"));
    mr_string_free(out);
    /* A Tuesday the clinic is closed: a warning card that names the appointment. */
    CHECK(mr_appointment_book_check_json(NULL, timed,
              "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": ["
              "{\"resource\": {\"resourceType\": \"Appointment\", \"id\": \"a1\","
              " \"status\": \"proposed\", \"start\": \"2027-03-09T09:00:00-05:00\","
              " \"end\": \"2027-03-09T10:00:00-05:00\"}}]}",
              &out) == MR_OK);
    CHECK(CONTAINS(out, "\"indicator\":\"warning\""));
    CHECK(CONTAINS(out, "Appointment a1"));
    mr_string_free(out);
    /* A bad Bundle: every problem at its path. */
    CHECK(mr_appointment_book_check_json(NULL, timed,
              "{\"resourceType\": \"Bundle\", \"entry\": [{\"resource\":"
              " {\"resourceType\": \"Appointment\", \"start\": \"soon\"}}]}",
              &out) == MR_INVALID_INPUT);
    CHECK(CONTAINS(out, "entry[0].resource.start"));
    CHECK(CONTAINS(out, "entry[0].resource.end"));
    mr_string_free(out);
    CHECK(mr_appointment_book_check_json(NULL, timed, NULL, &out) == MR_NULL_ARGUMENT);
    mr_string_free(out);
    /* Thursday 4 March proposed, Thursday 4 March already booked at 14:00: two on one
     * day, the booked one named. Without the books the same Thursday passes. */
    {
        const char *thursday =
            "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": ["
            "{\"resource\": {\"resourceType\": \"Appointment\", \"id\": \"new\","
            " \"status\": \"proposed\", \"start\": \"2027-03-04T09:00:00-05:00\","
            " \"end\": \"2027-03-04T10:00:00-05:00\"}}]}";
        const char *booked =
            "{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"entry\": ["
            "{\"resource\": {\"resourceType\": \"Appointment\", \"id\": \"b7\","
            " \"status\": \"booked\", \"start\": \"2027-03-04T14:00:00-05:00\","
            " \"end\": \"2027-03-04T15:00:00-05:00\"}}]}";
        CHECK(mr_appointment_book_check_booked_json(NULL, timed, thursday, NULL, &out) == MR_OK);
        CHECK(CONTAINS(out, "\"indicator\":\"info\""));
        mr_string_free(out);
        CHECK(mr_appointment_book_check_booked_json(NULL, timed, thursday, booked, &out) == MR_OK);
        CHECK(CONTAINS(out, "the booked appointment b7"));
        CHECK(CONTAINS(out, "\"indicator\":\"warning\""));
        mr_string_free(out);
        CHECK(mr_appointment_book_check_booked_json(NULL, timed, thursday, "{\"resourceType\": 7}",
                  &out) == MR_INVALID_INPUT);
        mr_string_free(out);
    }
    /* A booked session moved before the assessment is refused by name (not_moved); a
     * start that is no time is an invalid input at `to`. */
    {
        char *plan = NULL;
        char *moved = NULL;
        CHECK(mr_care_plan_json(NULL, timed, &plan) == MR_OK);
        CHECK(mr_reschedule_json(plan, 0, "2027-02-01T10:00", &moved) == MR_INVALID_INPUT);
        CHECK(CONTAINS(moved, "\"error\":\"not_moved\""));
        mr_string_free(moved);
        CHECK(mr_reschedule_json(plan, 0, "soon", &moved) == MR_INVALID_INPUT);
        CHECK(CONTAINS(moved, "\"path\":\"to\""));
        mr_string_free(moved);
        CHECK(mr_reschedule_json(plan, 0, NULL, &moved) == MR_NULL_ARGUMENT);
        mr_string_free(moved);
        CHECK(mr_reschedule_json(plan, 0, "2027-03-04T10:00", NULL) == MR_NULL_ARGUMENT);
        mr_string_free(plan);
    }
    /* An unknown zone is an invalid input at its path. */
    CHECK(mr_care_plan_json(NULL,
              "{\"intake\": {\"assessed_on\": \"2027-03-01\", \"findings\": [],"
              " \"practitioner\": {}}, \"timing\": {\"time_zone\": \"Nowhere/Land\","
              " \"hours\": {}}}",
              &out) == MR_INVALID_INPUT);
    CHECK(CONTAINS(out, "timing.time_zone"));
    mr_string_free(out);
}

static void test_claims(void) {
    char request[2048];
    char *out = NULL;
    snprintf(request, sizeof request,
             "{\"request\": {\"intake\": %s}, \"diagnoses\": [\"F41.1\", \"M54.5\"],"
             " \"unit_rule\": \"cms\"}",
             INTAKE_WOUND);
    CHECK(mr_claims_json(NULL, request, &out) == MR_OK);
    CHECK(CONTAINS(out, "\"sessions\""));
    CHECK(CONTAINS(out, "\"cpt\":\"97124\""));
    CHECK(CONTAINS(out, "\"deleted\""));
    mr_string_free(out);
    CHECK(mr_claims_json(NULL, NULL, &out) == MR_NULL_ARGUMENT);
    mr_string_free(out);
    CHECK(mr_claims_json(NULL, "{\"request\": 1}", &out) != MR_OK);
    CHECK(CONTAINS(out, "\"error\""));
    mr_string_free(out);
}

static void test_errors(void) {
    char *out = NULL;
    mr_protocol *protocol = NULL;
    char *big;
    size_t i;
    const char invalid_utf8[] = {'{', '"', (char)0xff, '"', '}', 0};

    /* NULL arguments. */
    CHECK(mr_screen_json(NULL, NULL, &out) == MR_NULL_ARGUMENT);
    CHECK(CONTAINS(out, "\"status\":\"MR_NULL_ARGUMENT\""));
    mr_string_free(out);
    CHECK(mr_screen_json(NULL, INTAKE_WOUND, NULL) == MR_NULL_ARGUMENT);
    CHECK(mr_care_plan_json(NULL, NULL, &out) == MR_NULL_ARGUMENT);
    mr_string_free(out);
    CHECK(mr_protocol_seed(NULL) == MR_NULL_ARGUMENT);
    CHECK(mr_protocol_conservative(NULL) == MR_NULL_ARGUMENT);
    CHECK(mr_protocol_from_json(NULL, &protocol) == MR_NULL_ARGUMENT && protocol == NULL);
    CHECK(mr_protocol_from_json("{}", NULL) == MR_NULL_ARGUMENT);
    CHECK(mr_protocol_to_json(NULL, NULL) == MR_NULL_ARGUMENT);
    mr_protocol_free(NULL);
    mr_string_free(NULL);

    /* Invalid UTF-8. */
    CHECK(mr_screen_json(NULL, invalid_utf8, &out) == MR_INVALID_UTF8);
    CHECK(CONTAINS(out, "UTF-8"));
    mr_string_free(out);

    /* Malformed JSON; an unknown word is a problem of the intake, named with its path,
       reported with every other problem. */
    CHECK(mr_screen_json(NULL, "{\"assessed_on\": ", &out) == MR_INVALID_JSON);
    CHECK(CONTAINS(out, "\"error\":\"invalid_json\""));
    mr_string_free(out);
    CHECK(mr_screen_json(NULL,
                         "{\"assessed_on\": \"2026-11-27\", \"findings\": [], \"age\": 250,"
                         " \"pregnant\": \"perhaps\", \"history\": \"none\", \"practitioner\": {}}",
                         &out) == MR_INVALID_INPUT);
    CHECK(CONTAINS(out, "perhaps"));
    CHECK(CONTAINS(out, "\"path\":\"pregnant\""));
    CHECK(CONTAINS(out, "\"path\":\"age\""));
    mr_string_free(out);

    /* The same question answered twice is a problem, never the last answer. */
    CHECK(mr_screen_json(NULL,
                         "{\"pregnant\": \"yes\", \"assessed_on\": \"2026-11-27\", \"age\": 30,"
                         " \"findings\": [], \"history\": \"none\", \"practitioner\": {\"licensed\":"
                         " \"yes\", \"medical_massage_trained\": \"yes\"}, \"pregnant\": \"no\"}",
                         &out) == MR_INVALID_INPUT);
    CHECK(CONTAINS(out, "\"problem\":\"duplicate_field\""));
    CHECK(CONTAINS(out, "\"path\":\"pregnant\""));
    CHECK(!CONTAINS(out, "\"outcome\""));
    mr_string_free(out);

    /* An invalid intake reports every problem with its path. */
    CHECK(mr_screen_json(NULL,
                         "{\"assessed_on\": \"2026-11-27\", \"age\": 250,"
                         " \"findings\": [{\"contraindication\": \"infection\","
                         " \"location\": {\"part\": \"hand\"}}], \"history\": \"none\", \"practitioner\": {}}",
                         &out) == MR_INVALID_INPUT);
    CHECK(CONTAINS(out, "\"path\":\"age\""));
    CHECK(CONTAINS(out, "\"path\":\"findings[0].location.side\""));
    CHECK(CONTAINS(out, "\"problem\":\"missing_side\""));
    mr_string_free(out);

    /* Oversized input: a buffer of exactly MR_MAX_JSON_BYTES bytes without a NUL is
       refused without reading past it (valgrind checks that), and the longest accepted
       document, MR_MAX_JSON_BYTES - 1 bytes, is read. */
    big = (char *)malloc(MR_MAX_JSON_BYTES);
    CHECK(big != NULL);
    if (big != NULL) {
        for (i = 0; i < MR_MAX_JSON_BYTES; i++) {
            big[i] = ' ';
        }
        CHECK(mr_screen_json(NULL, big, &out) == MR_INPUT_TOO_LARGE);
        CHECK(CONTAINS(out, "MR_INPUT_TOO_LARGE"));
        mr_string_free(out);
        /* The same bytes, NUL-terminated at the last one: whitespace, so invalid JSON. */
        big[MR_MAX_JSON_BYTES - 1] = 0;
        CHECK(mr_screen_json(NULL, big, &out) == MR_INVALID_JSON);
        mr_string_free(out);
        free(big);
    }

    /* An inconsistent protocol. */
    CHECK(mr_protocol_from_json("{\"id\": \"x\"}", &protocol) == MR_INVALID_JSON);
    CHECK(protocol == NULL);
    {
        mr_protocol *seed = NULL;
        char *json = NULL;
        char *bad;
        char *at;
        char *error = NULL;
        CHECK(mr_protocol_seed(&seed) == MR_OK);
        CHECK(mr_protocol_to_json(seed, &json) == MR_OK);
        CHECK(CONTAINS(json, "\"minor_under\":18"));
        bad = (char *)malloc(strlen(json) + 1);
        if (bad != NULL && json != NULL) {
            strcpy(bad, json);
            at = strstr(bad, "\"minor_under\":18");
            if (at != NULL) {
                memcpy(at, "\"minor_under\":99", 16);
            }
            CHECK(mr_protocol_from_json_ex(bad, &protocol, &error) == MR_INVALID_PROTOCOL);
            CHECK(protocol == NULL);
            CHECK(CONTAINS(error, "\"path\":\"screening.minor_under\""));
            mr_string_free(error);
            /* The unchanged text loads. */
            CHECK(mr_protocol_from_json_ex(json, &protocol, &error) == MR_OK);
            CHECK(protocol != NULL && error == NULL);
            mr_protocol_free(protocol);
        }
        free(bad);
        mr_string_free(json);
        mr_protocol_free(seed);
    }
}

static void test_vocabulary(void) {
    uint32_t code = 0;
    CHECK(strcmp(mr_vocabulary_name(MR_VOCABULARY_TECHNIQUE, 1), "deep_tissue") == 0);
    CHECK(strcmp(mr_vocabulary_label(MR_VOCABULARY_TECHNIQUE, 1), "Deep tissue massage") == 0);
    CHECK(strcmp(mr_vocabulary_name(MR_VOCABULARY_BODY_REGION, 10), "left_forearm") == 0);
    CHECK(strcmp(mr_vocabulary_name(MR_VOCABULARY_CONTRAINDICATION, 8), "blood_clot") == 0);
    CHECK(mr_vocabulary_count(MR_VOCABULARY_TECHNIQUE) == 14);
    CHECK(strcmp(mr_vocabulary_name(MR_VOCABULARY_HISTORY, 0), "anticoagulants") == 0);
    CHECK(mr_vocabulary_count(MR_VOCABULARY_HISTORY) == 6);
    CHECK(strcmp(mr_vocabulary_name(MR_VOCABULARY_CONTRAINDICATION, 9), "fever") == 0);
    CHECK(mr_vocabulary_count(999) == 0);
    CHECK(mr_vocabulary_name(MR_VOCABULARY_TECHNIQUE, 14) == NULL);
    CHECK(mr_vocabulary_name(999, 0) == NULL);
    CHECK(mr_vocabulary_name(MR_VOCABULARY_TECHNIQUE, 256 + 1) == NULL);
    CHECK(mr_vocabulary_code(MR_VOCABULARY_CONDITION, "neck_pain", &code) == MR_OK);
    CHECK(code == 5);
    CHECK(mr_vocabulary_code(MR_VOCABULARY_CONDITION, "no_such", &code) == MR_UNKNOWN_NAME);
    CHECK(mr_vocabulary_code(999, "neck_pain", &code) == MR_UNKNOWN_CODE);
    CHECK(mr_vocabulary_code(MR_VOCABULARY_CONDITION, NULL, &code) == MR_NULL_ARGUMENT);
    CHECK(mr_vocabulary_code(MR_VOCABULARY_CONDITION, "neck_pain", NULL) == MR_NULL_ARGUMENT);
}

int main(void) {
    test_version_and_status_names();
    test_screening();
    test_plan();
    test_claims();
    test_words_ics_fhir();
    test_timed();
    test_errors();
    test_vocabulary();
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
