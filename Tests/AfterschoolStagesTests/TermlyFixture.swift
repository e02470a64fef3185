import AfterschoolPipeline
import Foundation
import GRDB
import Logging
import Testing

// An independent check of the termly metric definitions (spec: metrics.md,
// "Basic sets", "Participation and coverage", "Small-cell suppression",
// "Satisfaction"; outputs.md, "Published tables").
//
// The fixture below is built in code and written to a temporary folder. Every
// expected figure in this target was worked out by hand from the spec, from
// the tallies written next to the rows here; none was copied from the
// program's output.

// MARK: - Paths and folders

/// The package root: this file is `Tests/AfterschoolStagesTests/TermlyFixture.swift`.
let packageRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TermlyFixture.swift
    .deletingLastPathComponent()  // AfterschoolStagesTests
    .deletingLastPathComponent()  // Tests
    .path

let termlyPipelinePath = packageRoot + "/pipelines/termly-evaluation.yaml"

/// A temporary folder for one test.
struct Scratch {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("afterschool-stages-\(label)-\(UUID().uuidString)", isDirectory: true).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

// MARK: - The fixture

/// A term of two ISO weeks across a month boundary: Monday 2025-10-27 to
/// Sunday 2025-11-09. Week W44 = 10-27 .. 11-02 (October and November),
/// W45 = 11-03 .. 11-09.
///
/// School days (9): 10-27 Mon, 10-28 Tue, 10-29 Wed, 10-30 Thu, 10-31 Fri,
/// 11-01 Sat (a make-up day), 11-03 Mon, 11-05 Wed, 11-07 Fri.
/// Not school days: 11-02 Sun (school_day 0), 11-04 Tue (holiday, 0),
/// 11-06 Thu (missing from the calendar), 11-08 and 11-09 (weekend, 0);
/// 11-10 is listed as a school day but lies after the term's end.
///
/// Schools (ids chosen so that byte order S1 < S10 < S2 differs from
/// numeric order):
/// - S1, primary, specialty `sports`: 10 students, the main school.
/// - S2, middle, no specialty: 3 students, nobody requested the service, no
///   responses, no service on one school day.
/// - S10, primary, specialty `arts`: 1 student, only out-of-scope sessions.
///
/// ## S1 in-scope sessions (min = end - start)
///
/// | session | activity | category / segment | date | time | min |
/// |---|---|---|---|---|---|
/// | X101 | A1 | homework / class | 10-27 Mon | 15:00-16:30 | 90 |
/// | X102 | A2 | sports / grade | 10-27 Mon | 16:00-17:00 | 60 |
/// | X103 | A1 | homework / class | 10-28 Tue | 15:00-16:00 | 60 |
/// | X104 | A3 | arts / class | 10-28 Tue | 16:10-17:00 | 50 |
/// | X105 | A2 | sports / grade | 10-29 Wed | 15:00-16:30 | 90 |
/// | X106 | A4 | self_study / school | 10-29 Wed | 16:30-18:30 | 120 |
/// | X107 | A3 | arts / class | 10-30 Thu | 16:00-18:00 | 120 |
/// | X108 | A1 | homework / class | 10-31 Fri | 16:40-18:10 | 90 |
/// | X109 | A2 | sports / grade | 11-01 Sat | 14:00-15:00 | 60 |
/// | X110 | A1 | homework / class | 11-03 Mon | 15:30-17:00 | 90 |
/// | X111 | A2 | sports / grade | 11-03 Mon | 17:00-17:40 | 40 |
/// | X112 | A4 | self_study / school | 11-05 Wed | 18:00-20:00 | 120 |
/// | X113 | A2 | sports / grade | 11-05 Wed | 16:00-17:30 | 90 |
/// | X114 | A2 | sports / grade | 11-07 Fri | 15:00-15:35 | 35 |
/// | X115 | A7 | sports / class | 11-07 Fri | 15:10-15:35 | 25 |
///
/// Out of scope (ignored everywhere): X1A0 A6 science 10-27 12:00-13:00
/// (before 14:00); X1A1 A5 labor 11-02 Sun (school_day 0); X1A2 A1 homework
/// 10-29 18:30-20:30 (ends after 20:00); X1B0 A1 11-04 (holiday); X1B1 A2
/// 11-06 (missing from the calendar); X1B2 A2 11-10 (after the term).
///
/// Per S1 school day: union of the intervals (>= 120?), late? (limit 18:00
/// in October, summer_months 5-10; 17:30 in November; `school` segment
/// exempt; a value on the bound does not cross it):
/// - 10-27: 15:00-16:30 u 16:00-17:00 = 15:00-17:00 = 120 (meets, although
///   the sum is 150); ends 16:30, 17:00: not late.
/// - 10-28: 60 + 50 with a 10-minute gap = 110: does not meet. Not late.
/// - 10-29: 15:00-18:30 = 210: meets. X106 ends 18:30 > 18:00 but is late
///   care (segment school): exempt. X1A2 (till 20:30) is out of scope.
/// - 10-30: 120: meets exactly. Ends 18:00 = the October limit: not late.
/// - 10-31: 90: no. X108 (class) ends 18:10 > 18:00: LATE.
/// - 11-01: 60 (X109 starts exactly at window_start 14:00: in scope): no.
/// - 11-03: 15:30-17:00 u 17:00-17:40 = 130: meets. X111 (grade) ends
///   17:40 > 17:30 (November): LATE.
/// - 11-05: 16:00-17:30 (90) + 18:00-20:00 (120; ends exactly at
///   window_end: in scope) = 210: meets. X113 ends 17:30 = limit: not late;
///   X112 is late care: exempt.
/// - 11-07: 15:00-15:35 u 15:10-15:35 = 35: no. Not late.
/// => service_days 9 of 9; meeting 2h: 10-27, 10-29, 10-30, 11-03, 11-05
///    = 5; late days: 10-31, 11-03 = 2.
///
/// Minutes (each session once): homework/self_study X101 90 + X103 60 +
/// X106 120 + X108 90 + X110 90 + X112 120 = 570; sports/arts X102 60 +
/// X104 50 + X105 90 + X107 120 + X109 60 + X111 40 + X113 90 + X114 35 +
/// X115 25 = 570. specialty_hour_share = 570 / 1140 = 0.5 exactly.
/// Categories in scope: homework, sports, arts, self_study = 4 (science and
/// labor only appear out of scope).
///
/// ## S1 students
///
/// | student | grade/class | PE weekdays | groups | survey |
/// |---|---|---|---|---|
/// | P01 | 1 / 1-1 | Mon, Wed | disability | wants 1 |
/// | P02 | 1 / 1-1 | Mon, Wed | | wants 1 |
/// | P03 | 1 / 1-1 | Mon, Wed | left_behind | wants 1 |
/// | P04 | 2 / 2-1 | Tue | | wants 1 |
/// | P05 | 2 / 2-1 | Tue | migrant | wants 1 |
/// | P06 | 2 / 2-1 | Tue | | wants 0 |
/// | P07 | 3 / 3-1 | Fri | low_income | wants 1 |
/// | P08 | 3 / 3-1 | Fri | | wants 0 |
/// | P09 | 3 / 3-1 | Fri | left_behind, low_income | no survey row |
/// | P10 | 3 / 3-1 | Fri | | wants 1 |
///
/// Attendance tallies (in-scope rows only; pw/sw/qw = participant-weeks,
/// sport weeks, quality weeks; "days" = participant-days not a PE day for
/// the class: sport minutes summed, ok when >= 60):
/// - P01: present X101 X102 X103 X104 X105 X106 X107 X109 X110 X111 X114
///   X115, left_early X113 (check_out 16:50) = 13 present, 0 absent.
///   Weeks W44 (rows 10-27..11-01, one ISO week across the month) and W45:
///   pw 2, sw 2, qw 2. Days: 10-27, 10-29, 11-03, 11-05 are PE days (Mon,
///   Wed); 10-28 sport 0 no; 10-30 sport 0 no; 11-01 Sat (never PE) sport 60
///   ok; 11-07 X114 35 + X115 25 = 60 ok (summed, not unioned: the union is
///   35). => 4 days, 2 ok.
/// - P02: present X103 X104 X111, left_early X110 (no check_out); absent
///   X101 X102 X107 X114 = 4 present, 4 absent. W44 has homework and arts
///   only: pw 2, sw 1 (W45 X111), qw 2 (W44 arts, W45 sports). Days: 10-28
///   sport 0 no; 11-03 is Mon (PE). => 1 day, 0 ok.
/// - P03: absent X101; present only on out-of-scope X1A0, X1A1, X1B0, X1B1.
///   Not a participant; 0 present, 1 absent.
/// - P04: excused X101 X103 X110: not a participant; excused rows are in
///   neither the numerator nor the denominator of attendance_rate.
/// - P05: present X101 X102 X103 X104 X108, left_early X105 (check_out
///   15:40 -> 40 min); absent X106 X110 X111 = 6 present, 3 absent. Only
///   W44: pw 1, sw 1, qw 1. Days: 10-27 sport 60 ok; 10-28 Tue is PE; 10-29
///   sport 40 no; 10-31 sport 0 no. => 3 days, 1 ok.
/// - P06: present X105 X106 X112, left_early X113 (check_out 15:30, before
///   the 16:00 start: clamp to 0 min), left_early X114 (check_out 16:10,
///   after the 15:35 end: clamp to 35 min, not 70) = 5 present; also present
///   on X1B1 (out of scope). pw 2, sw 2 (a 0-minute left_early row is still
///   present), qw 2. Days: 10-29 sport 90 ok; 11-05 sport 0 no; 11-07 sport
///   35 no. => 3 days, 1 ok.
/// - P07: present X101 X107 X108 X112 X113 (with a check_out 16:10 that a
///   `present` row ignores: 90 min) X114 X115, left_early X102 (16:45 -> 45
///   min) = 8 present. pw 2, sw 2, qw 2. Days: 10-27 sport 45 no; 10-30 0
///   no; 10-31 and 11-07 are Fri (PE); 11-05 sport 90 ok. => 3 days, 1 ok.
/// - P08: absent X107 X108; present on X1A2 (ends 20:30) and absent on X1A0,
///   both out of scope. Not a participant; 0 present, 2 absent.
/// - P09: left_early X109 without check_out (full 60 min); absent X111 =
///   1 present, 1 absent. pw 1, sw 1, qw 1 (W44). Days: 11-01 Sat sport 60
///   ok. => 1 day, 1 ok.
/// - P10: left_early X110 (16:00) and X111 (17:20 -> 20 min); excused X108
///   = 2 present. Also present on X1A2 (10-29, a school day, but 18:30-20:30
///   is out of scope): it adds no week (W44) and no participant-day (a Wed,
///   not a PE day for 3-1). pw 1, sw 1, qw 1 (W45). Days: 11-03 (Mon; PE is
///   Fri) sport 20 no. => 1 day, 0 ok.
///
/// S1 totals: participants P01 P02 P05 P06 P07 P09 P10 = 7; requested P01
/// P02 P03 P04 P05 P07 P10 = 7, of which participants P01 P02 P05 P07 P10 =
/// 5; present 13+4+0+0+6+5+8+0+1+2 = 39, absent 0+4+1+0+3+0+0+2+1+0 = 11;
/// pw 2+2+1+2+2+1+1 = 11, sw 2+1+1+2+2+1+1 = 10, qw 2+2+1+2+2+1+1 = 11;
/// non-PE days 4+1+3+3+3+1+1 = 16, ok 2+0+1+1+1+1+0 = 6.
///
/// ## S2 (3 students, PE: class 7-1 on Monday)
///
/// Sessions: Y01 B1 homework 10-27 15:00-17:00 (120); Y02 B2 reading (grade)
/// 10-28 15:00-16:00 and Y0B B1 10-28 15:30-16:40 (overlapping: the union
/// 15:00-16:40 is 100 minutes, < 120, although the sum is 130); Y03..Y07 B1 15:00-16:00 on 10-29, 10-30, 10-31, 11-01,
/// 11-03; Y08 B2 reading (grade) 11-05 16:00-18:00 (120, ends after 17:30 in
/// November: late); Y09 B1 11-07 13:00-15:00 (starts before 14:00: out of
/// scope, so 11-07 has no service). Nobody attends Y0B. => service_days 8
/// of 9, meeting 2h 10-27 and 11-05 = 2 (not 10-28), late 1 (11-05) of 8 service days. Categories:
/// homework, reading = 2.
///
/// Students: Q1 (grade 7, 7-1, wants 0): present Y01 Y02 Y08 (and Y09, out
/// of scope): W44 (homework + reading) and W45 (reading): pw 2, sw 0, qw 2;
/// days: 10-27 Mon is PE, 10-28 and 11-05 sport 0 => 2 days, 0 ok.
/// Q2 (grade 7, 7-1, wants 0): absent Y01, present Y03 (homework): pw 1,
/// sw 0, qw 0; days: 10-29 => 1 day, 0 ok.
/// Q3 (grade 8, 8-1, disability, no survey row): present only on Y09 (out
/// of scope), excused Y04: not a participant.
/// S2 totals: requested 0; participants 2; present 4, absent 1; pw 3, sw 0,
/// qw 2; non-PE days 3, ok 0. No responses.
///
/// ## S10 (1 student)
///
/// T1 (grade 4, 4-1, wants 1). Sessions: Z1 C1 arts 10-28 19:00-20:30 (ends
/// after window_end), Z2 C1 11-02 Sun (not a school day). T1 present on Z1,
/// absent on Z2: nothing in scope, so participants 0, no present or absent
/// rows, service_days 0, no minutes.
///
/// ## Responses (overall)
///
/// S1: R01 A2 5, R02 A2 4, R03 A2 3, R04 A3 2, R05 (whole service) 4, R06
/// A1 5, R07 A1 5, R08 (whole service) 1 -> 8 responses, sum 29.
/// S10: R20 C1 5, R21 C1 5, R22 C1 4, R23 (whole service) 3 -> 4, sum 17.
/// S2: none.
enum TermlyFixture {
    static let term = "2025-autumn-fixture"
    static let start = "2025-10-27"
    static let end = "2025-11-09"

    /// Each file's lines, header first.
    static let files: [String: [String]] = [
        "schools.csv": [
            "school_id,name,stage,specialty",
            "S1,School One,primary,sports",
            "S2,School Two,middle,none",
            "S10,School Ten,primary,arts",
        ],
        "students.csv": [
            "student_id,school_id,grade,class_id,disability,left_behind,migrant,low_income",
            "P01,S1,1,1-1,1,0,0,0",
            "P02,S1,1,1-1,0,0,0,0",
            "P03,S1,1,1-1,0,1,0,0",
            "P04,S1,2,2-1,0,0,0,0",
            "P05,S1,2,2-1,0,0,1,0",
            "P06,S1,2,2-1,0,0,0,0",
            "P07,S1,3,3-1,0,0,0,1",
            "P08,S1,3,3-1,0,0,0,0",
            "P09,S1,3,3-1,0,1,0,1",
            "P10,S1,3,3-1,0,0,0,0",
            "Q1,S2,7,7-1,0,0,0,0",
            "Q2,S2,7,7-1,0,0,0,0",
            "Q3,S2,8,8-1,1,0,0,0",
            "T1,S10,4,4-1,0,0,0,0",
        ],
        "calendar.csv": [
            "date,school_day",
            "2025-10-27,1",  // Mon  W44
            "2025-10-28,1",  // Tue
            "2025-10-29,1",  // Wed
            "2025-10-30,1",  // Thu
            "2025-10-31,1",  // Fri
            "2025-11-01,1",  // Sat, make-up school day (still W44)
            "2025-11-02,0",  // Sun
            "2025-11-03,1",  // Mon  W45
            "2025-11-04,0",  // Tue, holiday
            "2025-11-05,1",  // Wed
            // 2025-11-06 (Thu) missing: not a school day, one warning
            "2025-11-07,1",  // Fri
            "2025-11-08,0",
            "2025-11-09,0",
            "2025-11-10,1",  // after the term's end: not counted
        ],
        "pe_timetable.csv": [
            "school_id,class_id,weekday",
            "S1,1-1,1",
            "S1,1-1,3",
            "S1,2-1,2",
            "S1,3-1,5",
            "S2,7-1,1",
        ],
        "survey.csv": [
            "student_id,wants_service",
            "P01,1", "P02,1", "P03,1", "P04,1", "P05,1", "P06,0", "P07,1", "P08,0",
            // P09: no survey row = not requested
            "P10,1",
            "Q1,0", "Q2,0",
            // Q3: no survey row
            "T1,1",
        ],
        "activities.csv": [
            "activity_id,school_id,name,category,segment",
            "A1,S1,Homework club,homework,class",
            "A2,S1,Football,sports,grade",
            "A3,S1,Choir,arts,class",
            "A4,S1,Late care,self_study,school",
            "A5,S1,Gardening,labor,class",
            "A6,S1,Lunch science,science,class",
            "A7,S1,Table tennis,sports,class",
            "B1,S2,Homework,homework,class",
            "B2,S2,Reading,reading,grade",
            "C1,S10,Painting,arts,class",
        ],
        "sessions.csv": [
            "session_id,activity_id,date,start,end",
            // S1 in scope
            "X101,A1,2025-10-27,15:00,16:30",
            "X102,A2,2025-10-27,16:00,17:00",
            "X103,A1,2025-10-28,15:00,16:00",
            "X104,A3,2025-10-28,16:10,17:00",
            "X105,A2,2025-10-29,15:00,16:30",
            "X106,A4,2025-10-29,16:30,18:30",
            "X107,A3,2025-10-30,16:00,18:00",
            "X108,A1,2025-10-31,16:40,18:10",
            "X109,A2,2025-11-01,14:00,15:00",
            "X110,A1,2025-11-03,15:30,17:00",
            "X111,A2,2025-11-03,17:00,17:40",
            "X112,A4,2025-11-05,18:00,20:00",
            "X113,A2,2025-11-05,16:00,17:30",
            "X114,A2,2025-11-07,15:00,15:35",
            "X115,A7,2025-11-07,15:10,15:35",
            // S1 out of scope
            "X1A0,A6,2025-10-27,12:00,13:00",
            "X1A1,A5,2025-11-02,15:00,16:00",
            "X1A2,A1,2025-10-29,18:30,20:30",
            "X1B0,A1,2025-11-04,15:00,17:00",
            "X1B1,A2,2025-11-06,15:00,16:00",
            "X1B2,A2,2025-11-10,15:00,16:00",
            // S2
            "Y01,B1,2025-10-27,15:00,17:00",
            "Y02,B2,2025-10-28,15:00,16:00",
            "Y0B,B1,2025-10-28,15:30,16:40",  // overlaps Y02: union 100, sum 130
            "Y03,B1,2025-10-29,15:00,16:00",
            "Y04,B1,2025-10-30,15:00,16:00",
            "Y05,B1,2025-10-31,15:00,16:00",
            "Y06,B1,2025-11-01,15:00,16:00",
            "Y07,B1,2025-11-03,15:00,16:00",
            "Y08,B2,2025-11-05,16:00,18:00",
            "Y09,B1,2025-11-07,13:00,15:00",
            // S10: both out of scope
            "Z1,C1,2025-10-28,19:00,20:30",
            "Z2,C1,2025-11-02,15:00,16:00",
        ],
        "attendance.csv": [
            "session_id,student_id,status,check_out",
            // P01
            "X101,P01,present,", "X102,P01,present,", "X103,P01,present,", "X104,P01,present,",
            "X105,P01,present,", "X106,P01,present,", "X107,P01,present,", "X109,P01,present,",
            "X110,P01,present,", "X111,P01,present,", "X113,P01,left_early,16:50",
            "X114,P01,present,", "X115,P01,present,",
            "X1A0,P01,present,", "X1B2,P01,present,",
            // P02
            "X101,P02,absent,", "X102,P02,absent,", "X103,P02,present,", "X104,P02,present,",
            "X107,P02,absent,", "X110,P02,left_early,", "X111,P02,present,", "X114,P02,absent,",
            // P03
            "X101,P03,absent,", "X1A0,P03,present,", "X1A1,P03,present,", "X1B0,P03,present,",
            "X1B1,P03,present,",
            // P04
            "X101,P04,excused,", "X103,P04,excused,", "X110,P04,excused,",
            // P05
            "X101,P05,present,", "X102,P05,present,", "X103,P05,present,", "X104,P05,present,",
            "X105,P05,left_early,15:40", "X106,P05,absent,", "X108,P05,present,",
            "X110,P05,absent,", "X111,P05,absent,",
            // P06
            "X105,P06,present,", "X106,P06,present,", "X112,P06,present,",
            "X113,P06,left_early,15:30", "X114,P06,left_early,16:10", "X1B1,P06,present,",
            // P07
            "X101,P07,present,", "X102,P07,left_early,16:45", "X107,P07,present,", "X108,P07,present,",
            "X112,P07,present,", "X113,P07,present,16:10", "X114,P07,present,", "X115,P07,present,",
            // P08
            "X107,P08,absent,", "X108,P08,absent,", "X1A2,P08,present,", "X1A0,P08,absent,",
            // P09
            "X109,P09,left_early,", "X111,P09,absent,",
            // P10
            "X110,P10,left_early,16:00", "X111,P10,left_early,17:20", "X108,P10,excused,",
            "X1A2,P10,present,",
            // S2
            "Y01,Q1,present,", "Y02,Q1,present,", "Y08,Q1,present,", "Y09,Q1,present,",
            "Y01,Q2,absent,", "Y03,Q2,present,",
            "Y09,Q3,present,", "Y04,Q3,excused,",
            // S10
            "Z1,T1,present,", "Z2,T1,absent,",
        ],
        "staff.csv": [
            "staff_id,school_id,kind",
            "K1,S1,teacher",
            "K2,S2,teacher",
            "K3,S10,teacher",
        ],
        "staffing.csv": [
            "session_id,staff_id,role,claimed_hours",
            "X101,K1,lead,1.50",
            "Y01,K2,lead,2.00",
        ],
        "satisfaction.csv": [
            "response_id,school_id,respondent,student_id,activity_id,overall",
            "R01,S1,parent,P01,A2,5",
            "R02,S1,student,P05,A2,4",
            "R03,S1,parent,,A2,3",
            "R04,S1,parent,,A3,2",
            "R05,S1,student,P02,,4",
            "R06,S1,parent,,A1,5",
            "R07,S1,parent,P07,A1,5",
            "R08,S1,parent,,,1",
            "R20,S10,parent,T1,C1,5",
            "R21,S10,student,T1,C1,5",
            "R22,S10,parent,,C1,4",
            "R23,S10,parent,,,3",
        ],
    ]

    /// Writes `dataset.yaml` and the files (all but `omitting`, after
    /// `edit`) into `folder`.
    static func write(to folder: String, omitting: Set<String> = [],
                      edit: (inout [String: [String]]) -> Void = { _ in }) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let yaml = "term: \(term)\ntitle: Termly metrics fixture\nstart: \(start)\nend: \(end)\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/dataset.yaml"))
        var files = Self.files
        edit(&files)
        for (name, lines) in files where !omitting.contains(name) {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
    }
}

// MARK: - Running the pipeline

/// A logger that drops everything.
let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// One run of `pipelines/termly-evaluation.yaml`, and its output folder.
struct TermlyRun {
    let out: String
    let outcome: PipelineRunner.Outcome

    /// `tables/<name>.csv`, parsed.
    func table(_ name: String) throws -> PublishedTable {
        try PublishedTable(path: out + "/tables/" + name + ".csv")
    }

    /// The warehouse, read-only.
    func warehouse() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: out + "/warehouse.sqlite", configuration: configuration)
    }
}

/// Runs the termly pipeline on the fixture (or on `data`), hands the run to
/// `body`, then removes the temporary folders.
func withTermlyRun<T>(
    _ label: String, overrides: [String] = [], omitting: Set<String> = [], data: String? = nil,
    edit: (inout [String: [String]]) -> Void = { _ in },
    _ body: (TermlyRun) throws -> T
) throws -> T {
    let scratch = try Scratch(label)
    defer { scratch.remove() }
    let folder: String
    if let data {
        folder = data
    } else {
        folder = scratch.path + "/data"
        try TermlyFixture.write(to: folder, omitting: omitting, edit: edit)
    }
    let out = scratch.path + "/out"
    let outcome = try PipelineRunner(logger: quietLogger)
        .run(pipelinePath: termlyPipelinePath, data: folder, out: out, overrides: overrides)
    return try body(TermlyRun(out: out, outcome: outcome))
}

// MARK: - Reading the published tables

/// A published CSV, read byte by byte (not with the package's reader, so
/// the format itself is checked): BOM, LF lines, comma-separated fields. The
/// tables here hold no quoted field (no value contains a comma or quote).
struct PublishedTable {
    let bytes: [UInt8]
    let hasBOM: Bool
    /// The lines after the BOM, without their LF.
    let lines: [String]
    let header: [String]
    /// Data rows (lines after the header), as fields.
    let rows: [[String]]

    init(path: String) throws {
        bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = String(decoding: hasBOM ? Array(bytes.dropFirst(3)) : bytes, as: UTF8.self)
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        header = lines.first.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The data lines (header excluded).
    var dataLines: [String] { Array(lines.dropFirst()) }

    /// The row whose first fields equal `key`.
    func row(_ key: String...) -> [String: String]? {
        guard let r = rows.first(where: { Array($0.prefix(key.count)) == key }) else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(header, r))
    }
}

// MARK: - Reading the warehouse

/// A row of a warehouse table, by column name: nil for NULL, else a Double
/// (numbers) or the text.
enum Stored: Equatable, CustomStringConvertible {
    case null
    case number(Double)
    case text(String)

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case let .int64(i): self = .number(Double(i))
        case let .double(d): self = .number(d)
        case let .string(s): self = .text(s)
        case .blob: self = .text("<blob>")
        }
    }

    var description: String {
        switch self {
        case .null: return "NULL"
        case let .number(x): return String(x)
        case let .text(s): return s
        }
    }

    /// Close enough: numbers within 1e-12 (the expected ratios are written
    /// as fractions, e.g. 5.0 / 7.0), NULL and text exactly.
    func matches(_ expected: Stored) -> Bool {
        switch (self, expected) {
        case (.null, .null): return true
        case let (.number(a), .number(b)): return abs(a - b) <= 1e-12
        case let (.text(a), .text(b)): return a == b
        default: return false
        }
    }
}

/// The rows of a warehouse table matching `filter`, ordered by `orderBy`.
func storedRows(_ db: DatabaseQueue, _ table: String, orderBy: String, where filter: String = "1") throws -> [[String: Stored]] {
    try db.read { db in
        try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE \(filter) ORDER BY \(orderBy)").map { row in
            var values: [String: Stored] = [:]
            for (column, value) in row { values[column] = Stored(value) }
            return values
        }
    }
}

/// Shorthand for expected stored values.
let NULL = Stored.null
func num(_ x: Double) -> Stored { .number(x) }
func txt(_ s: String) -> Stored { .text(s) }

/// Checks every expected column of a stored row, one expectation per
/// column so a failure names it.
func expectStored(_ row: [String: Stored]?, _ expected: KeyValuePairs<String, Stored>, _ what: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    guard let row else {
        Issue.record("\(what): no row", sourceLocation: sourceLocation)
        return
    }
    for (column, value) in expected {
        let actual = row[column] ?? .text("<missing column>")
        #expect(actual.matches(value), "\(what).\(column): stored \(actual), expected \(value)", sourceLocation: sourceLocation)
    }
}

/// Checks every expected column of a published row.
func expectPublished(_ row: [String: String]?, _ expected: KeyValuePairs<String, String>, _ what: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    guard let row else {
        Issue.record("\(what): no row", sourceLocation: sourceLocation)
        return
    }
    for (column, value) in expected {
        #expect(row[column] == value, "\(what).\(column): published \(row[column] ?? "<missing>"), expected \(value)",
                sourceLocation: sourceLocation)
    }
}
