// SPDX-License-Identifier: MIT
// Builds database files with Qt Sql (QSQLITE), independently of the library under test.
#pragma once

#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace compass::testing {

/// Runs each ';'-terminated statement of `sql` ('--' comments removed) against `path`;
/// returns an error text, empty on success.
inline QString runSqlScript(const QString& path, const QString& sql)
{
    const QString connection = QUuid::createUuid().toString();
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", connection);
        db.setDatabaseName(path);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QString text = sql;
            text.remove(QRegularExpression("--[^\n]*"));
            for (const QString& statement : text.split(';', Qt::SkipEmptyParts)) {
                if (statement.trimmed().isEmpty())
                    continue;
                QSqlQuery query(db);
                if (!query.exec(statement)) {
                    error = query.lastError().text() + " in: " + statement.trimmed();
                    break;
                }
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return error;
}

/// Single-value query through Qt Sql; an invalid QVariant on failure.
inline QVariant querySingle(const QString& path, const QString& sql)
{
    const QString connection = QUuid::createUuid().toString();
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", connection);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                value = query.value(0);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return value;
}

inline QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace compass::testing
