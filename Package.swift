// swift-tools-version:6.1
import PackageDescription

/// Sieve: web dumps → compliant, deduplicated, tokenized training shards.
/// One thin executable (`sieve`) over focused libraries; C libraries come from Debian
/// through thin shims (Sources/C*).
let package = Package(
    name: "sieve",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sieve", targets: ["sieve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C shims over Debian's libraries.
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto"),
        .systemLibrary(name: "CLibDeflate", path: "Sources/CLibDeflate", pkgConfig: "libdeflate"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0"),
        .systemLibrary(name: "CSnappy", path: "Sources/CSnappy", pkgConfig: "snappy"),
        .target(name: "CICU", linkerSettings: [
            .linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata"),
        ]),
        .target(name: "CRE2", linkerSettings: [.linkedLibrary("re2")]),
        .target(name: "CMinHash"),
        .target(name: "CXMLAlloc"),

        // Libraries, in data-flow order.
        .target(name: "SieveIO", dependencies: ["CZstd", "CZlib", "CCrypto", "CLibDeflate"]),
        .target(name: "SieveParquet", dependencies: ["SieveIO", "CZstd", "CZlib", "CSnappy"]),
        .target(name: "SieveExtract", dependencies: ["SieveIO", "CLibXML2", "CXMLAlloc", "CICU"]),
        .target(name: "SieveRobots", dependencies: ["SieveIO"]),
        .target(name: "SieveLangID", dependencies: ["SieveIO", "CICU"]),
        .target(name: "SieveFilters", dependencies: ["SieveIO", "CICU", "CRE2"]),
        .target(name: "SieveDedup", dependencies: ["SieveIO", "SieveFilters", "CMinHash"], exclude: ["README.md"]),
        .target(name: "SieveTokenize", dependencies: ["SieveIO"]),
        .target(name: "SievePipeline", dependencies: [
            "SieveIO", "SieveParquet", "SieveExtract", "SieveRobots", "SieveLangID", "SieveFilters",
            "SieveDedup", "SieveTokenize", "Yams",
        ]),
        .executableTarget(name: "sieve", dependencies: [
            "SievePipeline", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "SieveIOTests", dependencies: ["SieveIO"]),
        .testTarget(name: "SieveParquetTests", dependencies: ["SieveParquet"]),
        .testTarget(name: "SieveExtractTests", dependencies: ["SieveExtract", "CXMLAlloc"]),
        .testTarget(name: "SieveRobotsTests", dependencies: ["SieveRobots"]),
        .testTarget(name: "SieveLangIDTests", dependencies: ["SieveLangID"]),
        .testTarget(name: "SieveFiltersTests", dependencies: ["SieveFilters"]),
        .testTarget(name: "SieveDedupTests", dependencies: ["SieveDedup"]),
        .testTarget(name: "SieveTokenizeTests", dependencies: ["SieveTokenize"]),
        .testTarget(name: "SievePipelineTests", dependencies: ["SievePipeline"]),
    ]
)
