import AfterschoolDomain
import GRDB

/// The warehouse schema, made only through a migrator.
///
/// One table per input file with typed, conformed rows (see
/// `docs/warehouse.md`): referable rows have an integer `key`; a reference
/// is stored as the referenced row's key (`school_key`); times are minutes
/// after midnight (`_min`), hours are integer hundredths (`_x100`), money is
/// integer fen; dates are `YYYY-MM-DD` text; booleans are 0/1. Key columns
/// are UNIQUE: the first accepted row wins, a later one is a duplicate.
enum WarehouseSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-inputs") { db in
            for sql in inputTables { try db.execute(sql: sql) }
        }
        migrator.registerMigration("v2-input-files") { db in
            try db.execute(sql: """
                CREATE TABLE input_files (
                  file TEXT NOT NULL PRIMARY KEY,
                  present INTEGER NOT NULL CHECK (present IN (0, 1)),
                  records INTEGER NOT NULL, accepted INTEGER NOT NULL, rejected INTEGER NOT NULL)
                """)
        }
        migrator.registerMigration("v3-id-views") { db in
            for sql in idViews { try db.execute(sql: sql) }
        }
        migrator.registerMigration("v4-parts") { db in
            // Which part of a folder of parts a row came from (0: a whole
            // file), for the tables no other table refers to: a re-run that
            // reads one part again replaces only its rows.
            for table in ["calendar", "pe_timetable", "survey", "attendance", "staffing", "satisfaction", "budget",
                          "disclosures"] {
                try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN part INTEGER NOT NULL DEFAULT 0")
            }
        }
        migrator.registerMigration("v5-satisfaction-without-key") { db in
            // Nothing refers to a response by a number of the warehouse's
            // own, and a number given in insertion order would differ after
            // one part is read again: the response is known by its id.
            try db.execute(sql: """
                DROP VIEW satisfaction_v;
                CREATE TABLE satisfaction_rows (
                  response_id TEXT NOT NULL UNIQUE,
                  school_key INTEGER NOT NULL REFERENCES schools(key),
                  respondent TEXT NOT NULL CHECK (respondent = 'student' OR respondent = 'parent'),
                  student_key INTEGER REFERENCES students(key),
                  activity_key INTEGER REFERENCES activities(key),
                  overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
                  content INTEGER CHECK (content BETWEEN 1 AND 5),
                  staff INTEGER CHECK (staff BETWEEN 1 AND 5),
                  safety INTEGER CHECK (safety BETWEEN 1 AND 5),
                  schedule INTEGER CHECK (schedule BETWEEN 1 AND 5),
                  part INTEGER NOT NULL DEFAULT 0);
                DROP TABLE satisfaction;
                ALTER TABLE satisfaction_rows RENAME TO satisfaction;
                CREATE VIEW satisfaction_v AS
                SELECT r.response_id, sc.school_id, r.respondent, st.student_id, a.activity_id,
                       r.overall, r.content, r.staff, r.safety, r.schedule
                FROM satisfaction r JOIN schools sc ON sc.key = r.school_key
                LEFT JOIN students st ON st.key = r.student_key LEFT JOIN activities a ON a.key = r.activity_key;
                """)
        }
        migrator.registerMigration("v6-attendance-blocks") { db in
            // One row per session (and part) instead of one per student;
            // the view keeps the table's columns (see AttendanceBlocks).
            try db.execute(sql: """
                DROP VIEW attendance_v;
                DROP TABLE attendance;
                CREATE TABLE attendance_blocks (
                  session_key INTEGER NOT NULL REFERENCES sessions(key),
                  part INTEGER NOT NULL DEFAULT 0,
                  rows INTEGER NOT NULL CHECK (rows > 0),
                  students TEXT NOT NULL,
                  statuses BLOB NOT NULL,
                  check_outs BLOB);
                CREATE INDEX attendance_blocks_session ON attendance_blocks (session_key);
                CREATE VIEW attendance AS
                SELECT b.session_key AS session_key, j.value AS student_key,
                       CASE substr(b.statuses, j.key + 1, 1)
                         WHEN X'70' THEN 'present' WHEN X'61' THEN 'absent'
                         WHEN X'65' THEN 'excused' ELSE 'left_early' END AS status,
                       CASE WHEN b.check_outs IS NULL OR substr(b.check_outs, j.key * 4 + 1, 1) = X'2D' THEN NULL
                         ELSE CAST(CAST(substr(b.check_outs, j.key * 4 + 1, 4) AS TEXT) AS INTEGER) END AS check_out_min,
                       b.part AS part
                FROM attendance_blocks b, json_each(b.students) j;
                CREATE VIEW attendance_v AS
                SELECT s.session_id, st.student_id, sc.school_id, s.date, t.status, t.check_out_min
                FROM attendance t JOIN sessions s ON s.key = t.session_key JOIN students st ON st.key = t.student_key
                JOIN schools sc ON sc.key = st.school_key;
                """)
        }
        return migrator
    }

    /// Views of the input tables with the ids a user knows in place of the
    /// warehouse's integer keys (`school_id`, `student_id`, `session_id`,
    /// `staff_id`, `activity_id` as text), so that the first natural query
    /// in the `sqlite3` shell works:
    /// `SELECT * FROM attendance_v WHERE student_id = '0001005'`.
    /// Frozen SQL, like every migration. Money stays in integer fen.
    static let idViews: [String] = [
        """
        CREATE VIEW students_v AS
        SELECT st.student_id, sc.school_id, st.grade, st.class_id,
               st.disability, st.left_behind, st.migrant, st.low_income
        FROM students st JOIN schools sc ON sc.key = st.school_key
        """,
        """
        CREATE VIEW activities_v AS
        SELECT a.activity_id, sc.school_id, a.name, a.category, a.segment, a.provider
        FROM activities a JOIN schools sc ON sc.key = a.school_key
        """,
        """
        CREATE VIEW sessions_v AS
        SELECT s.session_id, a.activity_id, sc.school_id, s.date, s.start_min, s.end_min
        FROM sessions s JOIN activities a ON a.key = s.activity_key JOIN schools sc ON sc.key = a.school_key
        """,
        """
        CREATE VIEW pe_timetable_v AS
        SELECT sc.school_id, p.class_id, p.weekday
        FROM pe_timetable p JOIN schools sc ON sc.key = p.school_key
        """,
        """
        CREATE VIEW survey_v AS
        SELECT st.student_id, sc.school_id, v.wants_service, v.days, v.wants_extended, v.interests
        FROM survey v JOIN students st ON st.key = v.student_key JOIN schools sc ON sc.key = st.school_key
        """,
        """
        CREATE VIEW attendance_v AS
        SELECT s.session_id, st.student_id, sc.school_id, s.date, t.status, t.check_out_min
        FROM attendance t JOIN sessions s ON s.key = t.session_key JOIN students st ON st.key = t.student_key
        JOIN schools sc ON sc.key = st.school_key
        """,
        """
        CREATE VIEW staff_v AS
        SELECT f.staff_id, sc.school_id, f.name, f.kind, f.qualified
        FROM staff f JOIN schools sc ON sc.key = f.school_key
        """,
        """
        CREATE VIEW staffing_v AS
        SELECT s.session_id, f.staff_id, sc.school_id, g.role, g.claimed_hours_x100
        FROM staffing g JOIN sessions s ON s.key = g.session_key JOIN staff f ON f.key = g.staff_key
        JOIN schools sc ON sc.key = f.school_key
        """,
        """
        CREATE VIEW satisfaction_v AS
        SELECT r.response_id, sc.school_id, r.respondent, st.student_id, a.activity_id,
               r.overall, r.content, r.staff, r.safety, r.schedule
        FROM satisfaction r JOIN schools sc ON sc.key = r.school_key
        LEFT JOIN students st ON st.key = r.student_key LEFT JOIN activities a ON a.key = r.activity_key
        """,
        """
        CREATE VIEW budget_v AS
        SELECT sc.school_id, b.amount_fen FROM budget b JOIN schools sc ON sc.key = b.school_key
        """,
        """
        CREATE VIEW disclosures_v AS
        SELECT sc.school_id, f.staff_id, d.month, d.hours_x100
        FROM disclosures d JOIN schools sc ON sc.key = d.school_key JOIN staff f ON f.key = d.staff_key
        """,
    ]

    /// `CHECK (c = 'a' OR c = 'b' ...)`. Not `c IN ('a', 'b', ...)`: SQLite
    /// builds a temporary index for an IN list on every insert, which
    /// doubles the cost of loading attendance.
    static func check(_ column: String, _ domain: [String]) -> String {
        "CHECK (\(domain.map { "\(column) = '\($0)'" }.joined(separator: " OR ")))"
    }


    static var inputTables: [String] {
        [
            """
            CREATE TABLE dataset (
              term TEXT NOT NULL, title TEXT NOT NULL,
              start TEXT NOT NULL, "end" TEXT NOT NULL)
            """,
            """
            CREATE TABLE schools (
              key INTEGER PRIMARY KEY,
              school_id TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              stage TEXT NOT NULL \(check("stage", ["primary", "middle", "nine_year"])),
              specialty TEXT NOT NULL \(check("specialty", ["none", "sports", "arts", "sports_arts"])),
              ownership TEXT NOT NULL \(check("ownership", ["public", "private"])))
            """,
            """
            CREATE TABLE students (
              key INTEGER PRIMARY KEY,
              student_id TEXT NOT NULL UNIQUE,
              school_key INTEGER NOT NULL REFERENCES schools(key),
              grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 9),
              class_id TEXT NOT NULL,
              disability INTEGER NOT NULL CHECK (disability IN (0, 1)),
              left_behind INTEGER NOT NULL CHECK (left_behind IN (0, 1)),
              migrant INTEGER NOT NULL CHECK (migrant IN (0, 1)),
              low_income INTEGER NOT NULL CHECK (low_income IN (0, 1)))
            """,
            """
            CREATE TABLE calendar (
              date TEXT NOT NULL PRIMARY KEY,
              school_day INTEGER NOT NULL CHECK (school_day IN (0, 1)))
            """,
            """
            CREATE TABLE activities (
              key INTEGER PRIMARY KEY,
              activity_id TEXT NOT NULL UNIQUE,
              school_key INTEGER NOT NULL REFERENCES schools(key),
              name TEXT NOT NULL,
              category TEXT NOT NULL \(check("category", EnumNames.category)),
              segment TEXT NOT NULL \(check("segment", ["class", "grade", "school"])),
              provider TEXT NOT NULL \(check("provider", ["in_school", "external"])))
            """,
            """
            CREATE TABLE sessions (
              key INTEGER PRIMARY KEY,
              session_id TEXT NOT NULL UNIQUE,
              activity_key INTEGER NOT NULL REFERENCES activities(key),
              date TEXT NOT NULL,
              start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
              end_min INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1439 AND end_min > start_min))
            """,
            """
            CREATE TABLE pe_timetable (
              school_key INTEGER NOT NULL REFERENCES schools(key),
              class_id TEXT NOT NULL,
              weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 5))
            """,
            """
            CREATE TABLE survey (
              student_key INTEGER NOT NULL PRIMARY KEY REFERENCES students(key),
              wants_service INTEGER NOT NULL CHECK (wants_service IN (0, 1)),
              days TEXT,
              wants_extended INTEGER NOT NULL CHECK (wants_extended IN (0, 1)),
              interests TEXT)
            """,
            """
            CREATE TABLE attendance (
              session_key INTEGER NOT NULL REFERENCES sessions(key),
              student_key INTEGER NOT NULL REFERENCES students(key),
              status TEXT NOT NULL \(check("status", ["present", "absent", "excused", "left_early"])),
              check_out_min INTEGER CHECK (check_out_min BETWEEN 0 AND 1439),
              PRIMARY KEY (session_key, student_key)) WITHOUT ROWID
            """,
            """
            CREATE TABLE staff (
              key INTEGER PRIMARY KEY,
              staff_id TEXT NOT NULL UNIQUE,
              school_key INTEGER NOT NULL REFERENCES schools(key),
              name TEXT,
              kind TEXT NOT NULL \(check("kind", EnumNames.staffKind)),
              qualified INTEGER NOT NULL CHECK (qualified IN (0, 1)))
            """,
            """
            CREATE TABLE staffing (
              session_key INTEGER NOT NULL REFERENCES sessions(key),
              staff_key INTEGER NOT NULL REFERENCES staff(key),
              role TEXT NOT NULL \(check("role", ["lead", "assistant"])),
              claimed_hours_x100 INTEGER NOT NULL CHECK (claimed_hours_x100 >= 0),
              PRIMARY KEY (session_key, staff_key)) WITHOUT ROWID
            """,
            """
            CREATE TABLE satisfaction (
              key INTEGER PRIMARY KEY,
              response_id TEXT NOT NULL UNIQUE,
              school_key INTEGER NOT NULL REFERENCES schools(key),
              respondent TEXT NOT NULL \(check("respondent", ["student", "parent"])),
              student_key INTEGER REFERENCES students(key),
              activity_key INTEGER REFERENCES activities(key),
              overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
              content INTEGER CHECK (content BETWEEN 1 AND 5),
              staff INTEGER CHECK (staff BETWEEN 1 AND 5),
              safety INTEGER CHECK (safety BETWEEN 1 AND 5),
              schedule INTEGER CHECK (schedule BETWEEN 1 AND 5))
            """,
            """
            CREATE TABLE budget (
              school_key INTEGER NOT NULL PRIMARY KEY REFERENCES schools(key),
              amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0))
            """,
            """
            CREATE TABLE disclosures (
              school_key INTEGER NOT NULL REFERENCES schools(key),
              staff_key INTEGER NOT NULL REFERENCES staff(key),
              month TEXT NOT NULL,
              hours_x100 INTEGER NOT NULL CHECK (hours_x100 >= 0),
              PRIMARY KEY (school_key, staff_key, month))
            """,
        ]
    }
}

enum EnumNames {
    static var category: [String] { EnumDomain.category.canonical }
    static var staffKind: [String] { EnumDomain.staffKind.canonical }
}
