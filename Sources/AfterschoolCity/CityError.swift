/// Why `publish` or `rollup` stopped, in words a district data officer can
/// act on (Chinese, then English). No message ever holds a password: a
/// server is named by ``ServerAddress/display``.
public enum CityError: Error, CustomStringConvertible, Equatable {
    /// The `--to` / `--from` value is not a `postgresql://` URL.
    case badURL(String)
    /// The server answered but refused the user or the password.
    case authentication(server: String, user: String)
    /// No server answers at that address (or the socket does not exist).
    case unreachable(server: String, detail: String)
    /// The database named in the URL does not exist on the server.
    case missingDatabase(server: String, database: String)
    /// `--schema` names a schema the database does not have.
    case missingSchema(String)
    /// Any other connection failure, as libpq said it.
    case connection(server: String, detail: String)
    /// A statement failed (`statement`: what was being done).
    case query(statement: String, detail: String)
    /// The folder is not a finished run (no manifest, an unfinished run, no warehouse).
    case notARun(path: String, reason: String)
    /// The shared warehouse holds nothing for the term asked.
    case noTerm(String)
    /// Writing the roll-up's files failed.
    case io(path: String, reason: String)

    /// 1: the data or the server's state; 2: how the command was called.
    public var exitStatus: Int32 {
        switch self {
        case .badURL, .missingSchema: return 2
        default: return 1
        }
    }

    public var description: String {
        switch self {
        case let .badURL(text):
            return "无法识别的数据库地址「\(text)」：应为 postgresql://用户@主机:端口/数据库 / not a PostgreSQL URL: give postgresql://USER@HOST:PORT/DB"
        case let .authentication(server, user):
            return "\(server)：用户 \(user) 的密码不对或无权登录（密码可用 PGPASSWORD 或 ~/.pgpass 提供） / the server refused user \(user): wrong password or no right to log in (give the password in PGPASSWORD or ~/.pgpass)"
        case let .unreachable(server, detail):
            return "\(server)：连接不上数据库服务器，请检查地址、端口和服务器是否在运行 / no PostgreSQL server answers there: check the host, the port and that the server runs (\(detail))"
        case let .missingDatabase(server, database):
            return "\(server)：没有名为 \(database) 的数据库，请先创建 / the server has no database \(database): create it first"
        case let .missingSchema(schema):
            return "数据库中没有名为 \(schema) 的 schema，请先创建（CREATE SCHEMA \(schema)）或换一个 --schema / the database has no schema \(schema): create it (CREATE SCHEMA \(schema)) or give another --schema"
        case let .connection(server, detail):
            return "\(server)：无法连接数据库 / cannot connect to the database (\(detail))"
        case let .query(statement, detail):
            return "数据库操作失败（\(statement)）；发布中的失败会整次撤销，之前发布的数据保持不变 / the database refused \(statement); a publish that fails is undone whole, the rows published before stay (\(detail))"
        case let .notARun(path, reason):
            return "\(path)：不是一次已完成的运行的输出目录（\(reason)） / not the output folder of a finished run (\(reason))"
        case let .noTerm(term):
            return "共享数据库中没有学期 \(term) 的数据，请先用 afterschool publish 发布各区的运行 / the shared warehouse holds nothing for term \(term): publish the districts' runs first (afterschool publish)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }
}
