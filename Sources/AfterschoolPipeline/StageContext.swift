import AfterschoolStages
import AfterschoolWarehouse

/// What the analysis stages share, each computed once, on first use: the
/// term's data, the attendance scan, the staff ledger, satisfaction, the
/// monthly workload.
final class StageContext {
    let warehouse: Warehouse
    let parameters: Parameters

    private var cachedTerm: TermData?
    private var cachedScan: AttendanceScan?
    private var cachedLedger: StaffLedger?
    private var cachedSatisfaction: Satisfaction?
    private var cachedWorkload: Workload?

    init(warehouse: Warehouse, parameters: Parameters) {
        self.warehouse = warehouse
        self.parameters = parameters
    }

    func term() throws -> TermData {
        if let t = cachedTerm { return t }
        let t = try TermData.load(warehouse, parameters: parameters)
        cachedTerm = t
        return t
    }

    func scan() throws -> AttendanceScan {
        if let s = cachedScan { return s }
        let s = try AttendanceScan.run(warehouse, term: try term())
        cachedScan = s
        return s
    }

    func ledger() throws -> StaffLedger {
        if let l = cachedLedger { return l }
        let l = try StaffLedger.load(warehouse)
        cachedLedger = l
        return l
    }

    func satisfaction() throws -> Satisfaction {
        if let s = cachedSatisfaction { return s }
        let s = try Satisfaction(warehouse, term: try term())
        cachedSatisfaction = s
        return s
    }

    func workload() throws -> Workload {
        if let w = cachedWorkload { return w }
        let w = Workload(term: try term(), scan: try scan(), ledger: try ledger())
        cachedWorkload = w
        return w
    }
}
