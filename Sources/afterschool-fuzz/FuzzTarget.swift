import AfterschoolCSV
import AfterschoolDomain
import Foundation

// libFuzzer targets (`make fuzz`): built with `-sanitize=fuzzer,address`
// and `-D FUZZING`, libFuzzer gives `main` and calls the entry point below
// with generated inputs. In an ordinary build the program only says how to
// run it.
//
// One input is checked two ways (the first byte chooses):
// - the CSV reader: the same records, lines and error whole, in random
//   chunk sizes, and on two threads in segments of random sizes;
// - row validation: each record of the input checked against the contract
//   of one input file (the second byte chooses which), with its first
//   record as the header: a reject or a row, never a crash.

#if FUZZING
/// libFuzzer's driver (the package manager names the program's entry
/// point after the target, so the target's entry point starts the driver).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("afterschool_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = bytes.first else { return 0 }
    let input = Array(bytes.dropFirst(2))
    if mode & 1 == 0 {
        FuzzChecks.reader(input, seed: bytes.count > 1 ? Int(bytes[1]) : 0)
    } else {
        FuzzChecks.validation(input, file: Int(bytes.count > 1 ? bytes[1] : 0))
    }
    return 0
}
#else
@main
struct FuzzUsage {
    static func main() {
        print("afterschool-fuzz: build and run it with `make fuzz` (libFuzzer, address sanitizer)")
    }
}
#endif
