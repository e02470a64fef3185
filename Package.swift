// swift-tools-version:6.1
import PackageDescription

/// Release builds of the modules on the data's path skip the run-time
/// exclusivity checks (debug builds and the tests keep them; the compiler
/// still checks exclusivity statically): at 50 million attendance rows
/// they cost about a fifth of the reading (docs/performance.md).
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "afterschool",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "afterschool", targets: ["afterschool"]),
        .library(name: "AfterschoolPipeline", targets: ["AfterschoolPipeline"]),
        .library(name: "AfterschoolSynth", targets: ["AfterschoolSynth"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.0"),
    ],
    targets: [
        // libcsv, linked from the system (LGPL: never vendored).
        .systemLibrary(
            name: "CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // libpq, PostgreSQL's C client, linked from the system: the city's
        // shared warehouse (docs/scale.md says why libpq and not postgres-nio).
        .systemLibrary(
            name: "CLibPQ",
            providers: [.apt(["libpq-dev"])]
        ),
        // The one system call Swift's Glibc does not offer: renameat2 with
        // RENAME_EXCHANGE, to swap an output folder in one step.
        .target(name: "CAfterschoolSystem"),
        // Streaming CSV reader on libcsv: chunks, line numbers, encodings.
        .target(
            name: "AfterschoolCSV",
            dependencies: ["CLibCSV"],
            swiftSettings: hotPath
        ),
        // Domain types and the input contract: columns, types, reject rules.
        .target(
            name: "AfterschoolDomain",
            dependencies: [
                "AfterschoolCSV",
                "CAfterschoolSystem",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: hotPath
        ),
        // The SQLite warehouse: schema, migrator, bulk loading.
        .target(
            name: "AfterschoolWarehouse",
            dependencies: [
                "AfterschoolDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: hotPath
        ),
        // Excel workbooks (.xlsx): a sheet model and its writer.
        .target(
            name: "AfterschoolXLSX",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ]
        ),
        // The stages: one file per stage (participation, coverage,
        // satisfaction, ...), and the tables they publish.
        .target(
            name: "AfterschoolStages",
            dependencies: [
                "AfterschoolDomain",
                "AfterschoolXLSX",
                "AfterschoolWarehouse",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: hotPath
        ),
        // Pipelines: YAML definitions, the runner, the output folder.
        .target(
            name: "AfterschoolPipeline",
            dependencies: [
                "AfterschoolCSV",
                "AfterschoolDomain",
                "AfterschoolWarehouse",
                "AfterschoolStages",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: hotPath
        ),
        // A city's shared warehouse on PostgreSQL: publishing a finished
        // run's tables, and the city roll-up computed there.
        .target(
            name: "AfterschoolCity",
            dependencies: [
                "CLibPQ",
                "AfterschoolDomain",
                "AfterschoolWarehouse",
                "AfterschoolStages",
                "AfterschoolPipeline",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Synthetic datasets: deterministic, realistic, with planted anomalies.
        .target(
            name: "AfterschoolSynth",
            dependencies: ["AfterschoolCSV", "AfterschoolDomain"]
        ),
        // The command line: parses arguments and calls the library.
        .executableTarget(
            name: "afterschool",
            dependencies: [
                "AfterschoolDomain",
                "AfterschoolPipeline",
                "AfterschoolSynth",
                "AfterschoolCity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets for the reader and row validation (`make fuzz`
        // builds it with the fuzzer and the address sanitizer).
        .executableTarget(
            name: "afterschool-fuzz",
            dependencies: ["AfterschoolCSV", "AfterschoolDomain"]
        ),
        .testTarget(
            name: "AfterschoolCSVTests",
            dependencies: ["AfterschoolCSV"]
        ),
        .testTarget(
            name: "AfterschoolXLSXTests",
            dependencies: ["AfterschoolXLSX", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "AfterschoolDomainTests",
            dependencies: ["AfterschoolDomain", "AfterschoolCSV"]
        ),
        .testTarget(
            name: "AfterschoolWarehouseTests",
            dependencies: [
                "AfterschoolWarehouse",
                "AfterschoolDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AfterschoolStagesTests",
            dependencies: [
                "AfterschoolStages",
                "AfterschoolSynth",
                "AfterschoolPipeline",
                "AfterschoolWarehouse",
                "AfterschoolDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "AfterschoolPipelineTests",
            dependencies: [
                "AfterschoolPipeline",
                "AfterschoolCity",
                "AfterschoolSynth",
                .product(name: "Crypto", package: "swift-crypto"),
                "AfterschoolStages",
                "AfterschoolDomain",
                "AfterschoolWarehouse",
                "AfterschoolCSV",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "AfterschoolSynthTests",
            dependencies: [
                "AfterschoolSynth",
                "AfterschoolPipeline",
                "AfterschoolDomain",
                "AfterschoolCSV",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
