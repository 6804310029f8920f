@400
Feature: Bad request (400)
  A departmentUuid that is not a UUID (8-4-4-4-12 hex digits), or a
  customerProfileViewRequestToken that is longer than 512 bytes or holds
  anything but printable ASCII, is answered 400 with the error envelope.
  The request is otherwise the 200 fixture's, accepted credentials included,
  so the bad parameter is the only thing wrong with it.

  Background:
    Given the fixture for status 200

  Scenario Outline: A department that is not a UUID: <what>
    Given the department is "<department>"
    When the client requests the customer profile
    Then the response status is 400
    And the Content-Type is JSON
    And the response body satisfies the contract for status 400
    And the response body holds at least one error

    Examples:
      | department                                    | what                        |
      | not-a-uuid                                    | a word                      |
      | 12345                                         | a number                    |
      | 3f0c2d4e8a614d0b9c550e6b1f7a2c10              | the digits without dashes   |
      | {3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10}        | braces around it            |
      | urn:uuid:3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10 | a URN                       |
      | 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c1           | one digit short             |
      | 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c100         | one digit too many          |
      | 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c1g          | a letter that is not hex    |
      | 3f0c2d4e-8a61-4d0b-9c55_0e6b1f7a2c10          | an underscore for a dash    |
      | 3f0c2d4e 8a61 4d0b 9c55 0e6b1f7a2c10          | spaces for the dashes       |

  Scenario Outline: A token that breaks the rules: <what>
    Given the token is "<token>"
    When the client requests the customer profile
    Then the response status is 400
    And the Content-Type is JSON
    And the response body satisfies the contract for status 400
    And the response body holds at least one error

    Examples:
      | token      | what                         |
      | ok 1       | a space                      |
      | ok\x091    | a tab                        |
      | ok\x01     | a control character (0x01)   |
      | ok\x1f     | a control character (0x1F)   |
      | ok\x7f     | DEL (0x7F)                   |
      | ok\xc3\xa9 | a non-ASCII character (é)    |

  Scenario: A token longer than 512 bytes
    Given the token is 513 characters long
    When the client requests the customer profile
    Then the response status is 400
    And the Content-Type is JSON
    And the response body satisfies the contract for status 400
    And the response body holds at least one error

  @strict
  Scenario: The error envelope holds every documented field, and nothing else
    Given the department is "not-a-uuid"
    When the client requests the customer profile
    Then the response status is 400
    And the response body satisfies the strict contract for status 400
